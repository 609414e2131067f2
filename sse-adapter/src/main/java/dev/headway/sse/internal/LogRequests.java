package dev.headway.sse.internal;

import dev.headway.JobNotFoundException;
import dev.headway.LogLine;
import dev.headway.ProgressTracker;
import dev.headway.json.LogJson;
import java.util.List;

/**
 * {@code GET /jobs/{id}/log?after=N}: the lines a job keeps numbered above {@code N}. A page reads it once for the
 * lines logged before its stream began, and after a gap (long-poll answers carry no lines).
 */
final class LogRequests {
  private final ProgressTracker tracker;
  private final Access access;

  LogRequests(Settings settings, Access access) {
    this.tracker = settings.tracker();
    this.access = access;
  }

  void log(Exchange exchange, String id) {
    String principal = access.principal(exchange);
    long after = Params.notNegative(exchange, "after", 0);
    if (access.readable(principal, id).isEmpty()) {
      exchange.respond(Access.notFound(id));
      return;
    }
    List<LogLine> lines;
    try {
      lines = tracker.log(id, after);
    } catch (JobNotFoundException e) {
      exchange.respond(Access.notFound(id));
      return;
    }
    exchange.respond(Response.json(200, LogJson.writeBytes(id, lines)));
  }
}
