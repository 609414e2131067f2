package dev.headway.sse.internal;

import dev.headway.JobFilter;
import dev.headway.ProgressTracker;
import dev.headway.internal.Policies;
import dev.headway.json.StatsJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET /stats?type=&since=}: numbers about the jobs that ended in a period, within what the access policy's
 * {@code statsScope} lets the caller see. Figures name no job, so a caller without a scope gets an honest
 * {@code 403}, and so does one asking for a type outside a scope that is fixed to another type.
 */
final class StatsRequests {
  /** The period when the request names none. */
  static final Duration DEFAULT_PERIOD = Duration.ofDays(7);

  private final ProgressTracker tracker;
  private final Access access;
  private final Clock clock;

  StatsRequests(Settings settings, Access access) {
    this.tracker = settings.tracker();
    this.access = access;
    this.clock = settings.clock();
  }

  void stats(Exchange exchange) {
    String principal = access.principal(exchange);
    Instant since = since(exchange.query("since"));
    String type = exchange.query("type");
    Optional<JobFilter> scope = Policies.statsScope(tracker.accessPolicy(), principal);
    if (scope.isEmpty()) {
      exchange.respond(Response.error(403, "you may not see job numbers"));
      return;
    }
    JobFilter filter = scope.get().withStatuses(null); // stats count every outcome
    if (type != null) {
      if (filter.type() != null && !filter.type().equals(type)) {
        exchange.respond(Response.error(403, "you may not see numbers for type " + Response.quoted(type)));
        return;
      }
      filter = filter.withType(type);
    }
    exchange.respond(Response.json(200, StatsJson.writeBytes(tracker.stats(filter, since))));
  }

  /** An ISO-8601 instant, or an ISO-8601 duration back from now ({@code P7D}, {@code PT24H}). */
  private Instant since(String value) {
    if (value == null) {
      return clock.instant().minus(DEFAULT_PERIOD);
    }
    String text = value.strip();
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        Duration back = Duration.parse(text);
        if (back.isNegative()) {
          throw new BadRequest("since must not be a negative duration, was " + Response.quoted(value));
        }
        return clock.instant().minus(back);
      }
      return Instant.parse(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new BadRequest("since must be an ISO-8601 instant (2026-11-24T00:00:00Z) or duration (P7D, PT24H), was "
          + Response.quoted(value));
    }
  }
}
