package dev.headway.sse.internal;

import dev.headway.JobEndedException;
import dev.headway.JobFilter;
import dev.headway.JobNotFoundException;
import dev.headway.JobSnapshot;
import dev.headway.ProgressTracker;
import dev.headway.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints, whatever the host: turns an {@link Exchange} into tracker calls and answers, or into an open
 * {@link EventStream}. Thread-safe; one per set of endpoints.
 */
public final class RequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
  private static final Map<String, String> STREAM_HEADERS = Map.of(
      "Content-Type", "text/event-stream; charset=utf-8",
      // no-transform: proxies must neither compress nor rewrite a stream.
      "Cache-Control", "no-cache, no-transform",
      // nginx would otherwise buffer the stream.
      "X-Accel-Buffering", "no");

  /** A request the handler refuses with a {@code 400} and a message. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  private final Settings settings;
  private final ProgressTracker tracker;
  private final OpenStreams streams;
  private final StreamFeeds feeds = new StreamFeeds();
  private final ClientScript script = new ClientScript();

  /**
   * Creates the handler.
   *
   * @param settings the checked settings
   */
  public RequestHandler(Settings settings) {
    this.settings = settings;
    this.tracker = settings.tracker();
    this.streams = new OpenStreams(settings.maxStreamsPerPrincipal());
  }

  /**
   * Answers a request, now or (for streams and long-polls) later from another thread. Never throws.
   *
   * @param exchange the request
   */
  public void handle(Exchange exchange) {
    try {
      route(exchange);
    } catch (BadRequest e) {
      exchange.respond(Response.error(400, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
      exchange.respond(Response.error(500, "the server failed to answer; its log has the details"));
    }
  }

  /**
   * Returns how many streams are open.
   *
   * @return the count
   */
  public int openStreams() {
    return streams.size();
  }

  /** Sends every open stream its heartbeat. */
  public void heartbeat() {
    for (EventStream stream : streams.all()) {
      stream.heartbeat();
    }
  }

  /** Ends every open stream. */
  public void closeStreams() {
    for (EventStream stream : streams.all()) {
      stream.close();
    }
  }

  /**
   * Returns the most job snapshots any one open stream holds for a client that has not taken them yet: the memory
   * a slow reader costs, at most one per job it watches.
   *
   * @return the largest count over the open streams
   */
  public int mostPendingSnapshots() {
    int most = 0;
    for (EventStream stream : streams.all()) {
      most = Math.max(most, stream.pendingSnapshots());
    }
    return most;
  }

  // ---- routing ----

  private void route(Exchange exchange) {
    String path = exchange.path();
    String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {"", "unmatched"};
    String method = exchange.method();
    if (parts.length == 1 && parts[0].equals("headway.js")) {
      requireMethod(exchange, "GET", () -> exchange.respond(script.serve(exchange.header("If-None-Match"))));
    } else if (parts.length == 1 && parts[0].equals("events")) {
      requireMethod(exchange, "GET", () -> allEvents(exchange));
    } else if (parts.length == 1 && parts[0].equals("jobs")) {
      requireMethod(exchange, "GET", () -> list(exchange));
    } else if (parts.length == 2 && parts[0].equals("jobs") && !parts[1].isEmpty()) {
      requireMethod(exchange, "GET", () -> job(exchange, parts[1]));
    } else if (parts.length == 3 && parts[0].equals("jobs") && parts[2].equals("events")) {
      requireMethod(exchange, "GET", () -> jobEvents(exchange, parts[1]));
    } else if (parts.length == 3 && parts[0].equals("jobs") && parts[2].equals("cancel")) {
      requireMethod(exchange, "POST", () -> cancel(exchange, parts[1]));
    } else {
      exchange.respond(Response.error(404, "no endpoint at " + method + " " + path));
    }
  }

  private static void requireMethod(Exchange exchange, String method, Runnable endpoint) {
    if (exchange.method().equals(method)) {
      endpoint.run();
    } else {
      exchange.respond(Response.error(405, exchange.path() + " answers " + method + " only")
          .withHeader("Allow", method));
    }
  }

  // ---- endpoints ----

  private void job(Exchange exchange, String id) {
    String principal = principal(exchange);
    Optional<JobSnapshot> found = readable(principal, id);
    if (found.isEmpty()) {
      exchange.respond(notFound(id));
      return;
    }
    JobSnapshot job = found.get();
    Long after = longParam(exchange, "after");
    if (after == null) {
      exchange.respond(ETags.matches(exchange.header("If-None-Match"), job.version())
          ? Response.notModified(ETags.of(job.version()))
          : Response.snapshot(200, job));
      return;
    }
    long maxWait = settings.maxWait().toMillis();
    Long askedWait = longParam(exchange, "waitMs");
    long waitMillis = Math.min(askedWait == null ? maxWait : askedWait, maxWait);
    if (waitMillis < 0) {
      throw new BadRequest("waitMs must not be negative, was " + askedWait);
    }
    if (job.version() != after) {
      exchange.respond(Response.snapshot(200, job)); // newer, or a version this job never had: the current state
    } else if (job.isFinished() || waitMillis == 0) {
      exchange.respond(Response.notModified(ETags.of(job.version()))); // an ended job never changes again
    } else {
      longPoll(exchange, id, after, waitMillis);
    }
  }

  private void longPoll(Exchange exchange, String id, long after, long waitMillis) {
    LongPoll poll = new LongPoll(settings, exchange, after);
    exchange.defer(poll::abandon);
    Subscription subscription;
    try {
      subscription = tracker.subscribe(id, poll);
    } catch (JobNotFoundException e) {
      poll.answer(notFound(id));
      return;
    }
    // Subscribe, then look: a change between the first look and the subscription is not missed.
    Optional<JobSnapshot> now = tracker.find(id);
    if (now.isEmpty()) {
      poll.answer(notFound(id));
    } else if (now.get().version() != after) {
      poll.answer(Response.snapshot(200, now.get()));
    }
    poll.waitOn(subscription, waitMillis);
  }

  private void jobEvents(Exchange exchange, String id) {
    String principal = principal(exchange);
    if (readable(principal, id).isEmpty()) {
      exchange.respond(notFound(id)); // before the cap, so a 429 never tells that a job exists
      return;
    }
    EventStream stream = newStream(principal, true, job -> true);
    if (stream == null) {
      exchange.respond(tooManyStreams());
      return;
    }
    try {
      stream.subscribed(feeds.job(id, stream, listener -> tracker.subscribe(id, listener)));
      Optional<JobSnapshot> now = tracker.find(id);
      if (now.isEmpty()) {
        stream.close();
        exchange.respond(notFound(id));
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
      stream.start(exchange.openStream(STREAM_HEADERS, stream));
    } catch (JobNotFoundException e) {
      stream.close();
      exchange.respond(notFound(id));
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  private void allEvents(Exchange exchange) {
    String principal = principal(exchange);
    JobFilter scope = settings.jobScope().apply(principal);
    if (scope == null) {
      exchange.respond(Response.noContent()); // nothing this caller could ever see
      return;
    }
    EventStream stream = newStream(principal, false, job -> canRead(principal, job));
    if (stream == null) {
      exchange.respond(tooManyStreams());
      return;
    }
    try {
      stream.subscribed(feeds.scope(scope, stream, listener -> tracker.subscribe(scope, listener)));
      // Versions come from the clock, so on a reconnect "newer than the last id" is roughly "changed since": the
      // client gets every active job, and the ones that ended while it was away.
      Long since = parseLongOrNull(lastEventId(exchange));
      for (JobSnapshot job : tracker.list(scope.withLimit(JobFilter.MAX_LIMIT))) {
        if (canRead(principal, job) && (!job.isFinished() || (since != null && job.version() > since))) {
          stream.offerSnapshot(job);
        }
      }
      stream.start(exchange.openStream(STREAM_HEADERS, stream));
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  private void list(Exchange exchange) {
    String principal = principal(exchange);
    JobFilter scope = settings.jobScope().apply(principal);
    if (scope == null) {
      exchange.respond(Response.jobs(List.of()));
      return;
    }
    String status = Optional.ofNullable(exchange.query("status")).orElse("all");
    JobFilter filter;
    switch (status) {
      case "active":
        filter = scope.active();
        break;
      case "finished":
        filter = scope.finished();
        break;
      case "all":
        filter = scope.withStatuses(null);
        break;
      default:
        throw new BadRequest("status must be active, finished or all, was '" + status + "'");
    }
    String type = exchange.query("type");
    if (type != null) {
      filter = filter.withType(type);
    }
    String parent = exchange.query("parent");
    if (parent != null) {
      filter = filter.withParent(parent);
    }
    Long limit = longParam(exchange, "limit");
    if (limit != null) {
      if (limit < 1 || limit > JobFilter.MAX_LIMIT) {
        throw new BadRequest("limit must be within 1–" + JobFilter.MAX_LIMIT + ", was " + limit);
      }
      filter = filter.withLimit(limit.intValue());
    }
    List<JobSnapshot> jobs = new ArrayList<>();
    for (JobSnapshot job : tracker.list(filter)) {
      if (canRead(principal, job)) {
        jobs.add(job);
      }
    }
    exchange.respond(Response.jobs(jobs));
  }

  private void cancel(Exchange exchange, String id) {
    String principal = principal(exchange);
    Optional<JobSnapshot> found = readable(principal, id);
    if (found.isEmpty()) {
      exchange.respond(notFound(id));
      return;
    }
    if (!guarded(() -> tracker.accessPolicy().canCancel(principal, found.get()))) {
      exchange.respond(Response.error(403, "you may not cancel job '" + id + "'"));
      return;
    }
    String reason = exchange.query("reason");
    try {
      exchange.respond(Response.snapshot(202, tracker.cancel(id, reason)));
    } catch (JobEndedException e) {
      exchange.respond(Response.error(409, e.getMessage()));
    } catch (JobNotFoundException e) {
      exchange.respond(notFound(id));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  // ---- helpers ----

  private EventStream newStream(String principal, boolean singleJob, Predicate<JobSnapshot> visible) {
    long retry = settings.retry().toMillis();
    // Jitter, so a restart does not bring every client back in the same second.
    long retryMillis = retry + ThreadLocalRandom.current().nextLong(retry + 1);
    EventStream stream = new EventStream(settings, singleJob, visible, retryMillis, streams::remove);
    return streams.tryAdd(principal, stream) ? stream : null;
  }

  private Response tooManyStreams() {
    return Response.error(429, "too many open streams; close one (at most " + settings.maxStreamsPerPrincipal()
        + " per user)").withHeader("Retry-After", Long.toString(settings.retry().toSeconds() + 1));
  }

  private String principal(Exchange exchange) {
    return settings.principal().apply(exchange);
  }

  private Optional<JobSnapshot> readable(String principal, String id) {
    return tracker.find(id).filter(job -> canRead(principal, job));
  }

  private boolean canRead(String principal, JobSnapshot job) {
    return guarded(() -> tracker.accessPolicy().canRead(principal, job));
  }

  /** Asks the access policy; an exception in it is logged and counts as "no", as its contract says. */
  private static boolean guarded(BooleanSupplier decision) {
    try {
      return decision.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("the access policy threw; access is refused", e);
      return false;
    }
  }

  /** Unknown and unreadable jobs get the same answer, so nobody learns that someone else's job exists. */
  private static Response notFound(String id) {
    return Response.error(404, "no job with id '" + id + "'");
  }

  private static String lastEventId(Exchange exchange) {
    String header = exchange.header("Last-Event-ID");
    // A page that reloads cannot set the header; it passes the id it remembered as a parameter.
    return header != null ? header : exchange.query("lastEventId");
  }

  private static Long longParam(Exchange exchange, String name) {
    String value = exchange.query(name);
    if (value == null) {
      return null;
    }
    Long parsed = parseLongOrNull(value);
    if (parsed == null) {
      throw new BadRequest(name + " must be a whole number, was '" + value + "'");
    }
    return parsed;
  }

  private static Long parseLongOrNull(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
