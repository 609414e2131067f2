package dev.headway.sse.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.headway.JobFilter;
import dev.headway.JobNotFoundException;
import dev.headway.JobSnapshot;
import dev.headway.ProgressTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The event-stream endpoints: one job ({@code GET /jobs/{id}/events}), and any set of jobs on one connection
 * ({@code GET /events}: the caller's jobs, listed ones with {@code ?jobs=}, or both with {@code &all=true}). Each
 * stream holds a slot of {@link OpenStreams}; a stream opened with {@code ?client=} replaces the caller's earlier
 * stream with the same token.
 */
final class StreamRequests {
  static final Map<String, String> HEADERS = Map.of(
      "Content-Type", "text/event-stream; charset=utf-8",
      // no-transform: proxies must neither compress nor rewrite a stream.
      "Cache-Control", "no-cache, no-transform",
      // nginx would otherwise buffer the stream.
      "X-Accel-Buffering", "no");
  /** Ids one {@code ?jobs=} stream may list: a page's worth, and a bounded cost per connection. */
  static final int MAX_LISTED = 100;
  private static final int MAX_ID_LENGTH = 128;
  private static final Pattern CLIENT_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final JsonFactory JSON = new JsonFactory();

  private final Settings settings;
  private final ProgressTracker tracker;
  private final Access access;
  private final OpenStreams streams;
  private final StreamFeeds feeds;
  private final LongAdder resumed = new LongAdder();

  StreamRequests(Settings settings, Access access, OpenStreams streams) {
    this.settings = settings;
    this.tracker = settings.tracker();
    this.access = access;
    this.streams = streams;
    this.feeds = new StreamFeeds(tracker);
  }

  /** {@code GET /jobs/{id}/events}: one job until it ends. */
  void job(Exchange exchange, String id) {
    String principal = access.principal(exchange);
    if (access.readable(principal, id).isEmpty()) {
      exchange.respond(Access.notFound(id)); // before the cap, so a 429 never tells that a job exists
      return;
    }
    if (isHead(exchange)) {
      exchange.respond(new Response(200, HEADERS, new byte[0]));
      return;
    }
    EventStream stream = open(exchange, principal, true, job -> true, null);
    if (stream == null) {
      return;
    }
    try {
      stream.subscribed(feeds.job(id, stream, listener -> tracker.subscribe(id, listener)));
      Optional<JobSnapshot> now = tracker.find(id);
      if (now.isEmpty()) {
        stream.close();
        exchange.respond(Access.notFound(id));
        return;
      }
      JobSnapshot job = now.get();
      boolean clientHasIt = Long.toString(job.version()).equals(lastEventId(exchange));
      if (clientHasIt && job.isFinished()) {
        stream.close();
        exchange.respond(Response.noContent()); // delivered and ended: tells the browser to stop reconnecting
        return;
      }
      if (clientHasIt) {
        stream.alreadySent(job);
      } else {
        stream.offerSnapshot(job); // first connection, or the client's id is not the current state
      }
      feeds.shownOnJob(job);
      stream.start(exchange.openStream(HEADERS, stream));
    } catch (JobNotFoundException e) {
      stream.close();
      exchange.respond(Access.notFound(id));
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  /** {@code GET /events[?jobs=a,b][&all=true][&client=token]}: several jobs on one connection. */
  void events(Exchange exchange) {
    String principal = access.principal(exchange);
    Set<String> listed = listedIds(exchange.query("jobs"));
    boolean all = listed == null || flag(exchange, "all");
    String token = clientToken(exchange.query("client"));
    JobFilter scope = all ? settings.jobScope().apply(principal) : null;
    if (listed == null && scope == null) {
      exchange.respond(Response.noContent()); // nothing this caller could ever see
      return;
    }
    if (isHead(exchange)) {
      exchange.respond(new Response(200, HEADERS, new byte[0]));
      return;
    }
    EventStream stream = open(exchange, principal, false, job -> access.canRead(principal, job), token);
    if (stream == null) {
      return;
    }
    try {
      if (scope != null) {
        followScope(exchange, principal, scope, stream);
      }
      for (String id : listed == null ? Set.<String>of() : listed) {
        follow(principal, id, stream);
      }
      stream.start(exchange.openStream(HEADERS, stream));
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  private void followScope(Exchange exchange, String principal, JobFilter scope, EventStream stream) {
    stream.subscribed(feeds.scope(scope, stream, listener -> tracker.subscribe(scope, listener)));
    // Versions come from the clock, so on a reconnect "newer than the last id" is roughly "changed since": the
    // client gets every active job, and the ones that ended while it was away.
    Long since = parseLongOrNull(lastEventId(exchange));
    for (JobSnapshot job : tracker.list(scope.withLimit(JobFilter.MAX_LIMIT))) {
      if (access.canRead(principal, job) && (!job.isFinished() || (since != null && job.version() > since))) {
        stream.offerSnapshot(job);
        feeds.shownInScope(scope, job);
      }
    }
  }

  /** Subscribes, then looks: a change in between is not missed, and an older state is dropped by its version. */
  private void follow(String principal, String id, EventStream stream) {
    if (access.readable(principal, id).isEmpty()) {
      stream.offerFrame(notFoundFrame(id));
      return;
    }
    try {
      stream.subscribed(feeds.job(id, stream, listener -> tracker.subscribe(id, listener)));
    } catch (JobNotFoundException e) {
      stream.offerFrame(notFoundFrame(id));
      return;
    }
    Optional<JobSnapshot> now = access.readable(principal, id);
    if (now.isPresent()) {
      stream.offerSnapshot(now.get());
      feeds.shownOnJob(now.get());
    } else {
      stream.offerFrame(notFoundFrame(id));
    }
  }

  /** Returns how many streams were opened by a reconnect that named the last event id it had. */
  long resumed() {
    return resumed.sum();
  }

  private EventStream open(Exchange exchange, String principal, boolean singleJob, Predicate<JobSnapshot> visible,
      String token) {
    long retry = settings.retry().toMillis();
    // Jitter, so a restart does not bring every client back in the same second.
    long retryMillis = retry + ThreadLocalRandom.current().nextLong(retry + 1);
    EventStream stream = new EventStream(settings, singleJob, visible, retryMillis, streams::remove);
    List<EventStream> replaced = new ArrayList<>(1);
    switch (streams.tryAdd(principal, stream, token, replaced)) {
      case ADMITTED -> {
        replaced.forEach(EventStream::close);
        if (lastEventId(exchange) != null) {
          resumed.increment();
        }
        return stream;
      }
      case CALLER_FULL -> exchange.respond(tooManyForCaller(settings));
      case ALL_FULL -> exchange.respond(tooManyInAll(settings));
    }
    return null;
  }

  /** The answer when a caller holds the most streams and long-polls allowed. */
  static Response tooManyForCaller(Settings settings) {
    return Response.error(429, "too many open streams and long-polls; close one (at most "
        + settings.maxStreamsPerPrincipal() + " per user)").withHeader("Retry-After", retryAfter(settings));
  }

  /** The answer when the endpoints hold the most streams and long-polls allowed in all. */
  static Response tooManyInAll(Settings settings) {
    return Response.error(503, "the server holds as many streams as it may; try again shortly")
        .withHeader("Retry-After", retryAfter(settings));
  }

  private static String retryAfter(Settings settings) {
    return Long.toString(settings.retry().toSeconds() + 1);
  }

  static boolean isHead(Exchange exchange) {
    return exchange.method().equals("HEAD");
  }

  static String lastEventId(Exchange exchange) {
    String header = exchange.header("Last-Event-ID");
    // A page that reloads cannot set the header; it passes the id it remembered as a parameter.
    return header != null ? header : exchange.query("lastEventId");
  }

  static Long parseLongOrNull(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Set<String> listedIds(String value) {
    if (value == null) {
      return null;
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : value.split(",", -1)) {
      String trimmed = id.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.length() > MAX_ID_LENGTH) {
        throw new BadRequest("a job id is at most " + MAX_ID_LENGTH + " characters, was " + Response.quoted(trimmed));
      }
      ids.add(trimmed);
    }
    if (ids.size() > MAX_LISTED) {
      throw new BadRequest("jobs lists at most " + MAX_LISTED + " ids, was " + ids.size());
    }
    return ids;
  }

  private static boolean flag(Exchange exchange, String name) {
    String value = exchange.query(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true") || value.isEmpty()) {
      return true;
    }
    throw new BadRequest(name + " must be true or false, was " + Response.quoted(value));
  }

  private static String clientToken(String value) {
    if (value != null && !CLIENT_TOKEN.matcher(value).matches()) {
      throw new BadRequest("client must be 1–64 letters, digits, '-' or '_', was " + Response.quoted(value));
    }
    return value;
  }

  /** The event for a listed id that is unknown or not the caller's: the same for both. */
  private static byte[] notFoundFrame(String id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return SseFrames.event("not_found", null, out.toByteArray());
  }
}
