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
  private final Settings settings;
  private final ProgressTracker tracker;
  private final Access access;
  private final OpenStreams streams;
  private final StreamRequests streamRequests;
  private final RetryRequests retries;
  private final LogRequests logs;
  private final StatsRequests stats;
  private final ClientFile script = new ClientFile("headway.js", "text/javascript; charset=utf-8");
  private final ClientFile types = new ClientFile("headway.d.ts", "text/plain; charset=utf-8");

  /**
   * Creates the handler.
   *
   * @param settings the checked settings
   */
  public RequestHandler(Settings settings) {
    this.settings = settings;
    this.tracker = settings.tracker();
    this.access = new Access(settings);
    this.streams = new OpenStreams(settings.maxStreamsPerPrincipal(), settings.maxStreams());
    this.streamRequests = new StreamRequests(settings, access, streams);
    this.retries = new RetryRequests(settings, access);
    this.logs = new LogRequests(settings, access);
    this.stats = new StatsRequests(settings, access);
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
    return streams.streams();
  }

  /**
   * Returns how many streams so far were opened by a reconnect that named the last event id it had.
   *
   * @return the count
   */
  public long resumedStreams() {
    return streamRequests.resumed();
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
    } else if (parts.length == 1 && parts[0].equals("headway.d.ts")) {
      requireMethod(exchange, "GET", () -> exchange.respond(types.serve(exchange.header("If-None-Match"))));
    } else if (parts.length == 1 && parts[0].equals("events")) {
      requireMethod(exchange, "GET", () -> streamRequests.events(exchange));
    } else if (parts.length == 1 && parts[0].equals("stats")) {
      requireMethod(exchange, "GET", () -> stats.stats(exchange));
    } else if (parts.length == 1 && parts[0].equals("jobs")) {
      requireMethod(exchange, "GET", () -> list(exchange));
    } else if (parts.length == 2 && parts[0].equals("jobs") && !parts[1].isEmpty()) {
      requireMethod(exchange, "GET", () -> job(exchange, parts[1]));
    } else if (parts.length == 3 && parts[0].equals("jobs") && parts[2].equals("events")) {
      requireMethod(exchange, "GET", () -> streamRequests.job(exchange, parts[1]));
    } else if (parts.length == 3 && parts[0].equals("jobs") && parts[2].equals("cancel")) {
      requireMethod(exchange, "POST", () -> cancel(exchange, parts[1]));
    } else if (parts.length == 3 && parts[0].equals("jobs") && parts[2].equals("retry")) {
      requireMethod(exchange, "POST", () -> retries.retry(exchange, parts[1]));
    } else if (parts.length == 3 && parts[0].equals("jobs") && parts[2].equals("log")) {
      requireMethod(exchange, "GET", () -> logs.log(exchange, parts[1]));
    } else {
      exchange.respond(Response.error(404, "no endpoint at " + Response.quoted(method + " " + path)));
    }
  }

  /** Runs an endpoint for its method; a GET endpoint answers HEAD too, with the headers its GET would send. */
  private static void requireMethod(Exchange exchange, String method, Runnable endpoint) {
    boolean get = method.equals("GET");
    if (exchange.method().equals(method) || (get && StreamRequests.isHead(exchange))) {
      endpoint.run();
    } else {
      String allowed = get ? "GET, HEAD" : method;
      exchange.respond(Response.error(405, Response.quoted(exchange.path()) + " answers " + allowed + " only")
          .withHeader("Allow", allowed));
    }
  }

  // ---- endpoints ----

  private void job(Exchange exchange, String id) {
    String principal = access.principal(exchange);
    Optional<JobSnapshot> found = access.readable(principal, id);
    if (found.isEmpty()) {
      exchange.respond(Access.notFound(id));
      return;
    }
    JobSnapshot job = found.get();
    Long after = Params.longParam(exchange, "after");
    if (after == null) {
      exchange.respond(ETags.matches(exchange.header("If-None-Match"), job.version())
          ? Response.notModified(ETags.of(job.version()))
          : Response.snapshot(200, job));
      return;
    }
    long maxWait = settings.maxWait().toMillis();
    Long askedWait = Params.longParam(exchange, "waitMs");
    long waitMillis = Math.min(askedWait == null ? maxWait : askedWait, maxWait);
    if (waitMillis < 0) {
      throw new BadRequest("waitMs must not be negative, was " + askedWait);
    }
    if (StreamRequests.isHead(exchange)) {
      waitMillis = 0; // a HEAD tells what a GET would answer now; it does not wait
    }
    if (job.version() != after) {
      exchange.respond(Response.snapshot(200, job)); // newer, or a version this job never had: the current state
    } else if (job.isFinished() || waitMillis == 0) {
      exchange.respond(Response.notModified(ETags.of(job.version()))); // an ended job never changes again
    } else {
      longPoll(exchange, principal, id, after, waitMillis);
    }
  }

  private void longPoll(Exchange exchange, String principal, String id, long after, long waitMillis) {
    LongPoll poll = new LongPoll(settings, exchange, after, streams::remove);
    switch (streams.tryAdd(principal, poll)) {
      case CALLER_FULL -> {
        exchange.respond(StreamRequests.tooManyForCaller(settings));
        return;
      }
      case ALL_FULL -> {
        exchange.respond(StreamRequests.tooManyInAll(settings));
        return;
      }
      case ADMITTED -> {
        // waits below, holding its slot until answered or abandoned
      }
    }
    exchange.defer(poll::abandon);
    Subscription subscription;
    try {
      subscription = tracker.subscribe(id, poll);
    } catch (JobNotFoundException e) {
      poll.answer(Access.notFound(id));
      return;
    }
    // Subscribe, then look: a change between the first look and the subscription is not missed.
    Optional<JobSnapshot> now = tracker.find(id);
    if (now.isEmpty()) {
      poll.answer(Access.notFound(id));
    } else if (now.get().version() != after) {
      poll.answer(Response.snapshot(200, now.get()));
    }
    poll.waitOn(subscription, waitMillis);
  }

  private void list(Exchange exchange) {
    String principal = access.principal(exchange);
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
        throw new BadRequest("status must be active, finished or all, was " + Response.quoted(status));
    }
    String type = exchange.query("type");
    if (type != null) {
      filter = filter.withType(type);
    }
    String parent = exchange.query("parent");
    if (parent != null) {
      filter = filter.withParent(parent);
    }
    Long limit = Params.longParam(exchange, "limit");
    if (limit != null) {
      if (limit < 1 || limit > JobFilter.MAX_LIMIT) {
        throw new BadRequest("limit must be within 1–" + JobFilter.MAX_LIMIT + ", was " + limit);
      }
      filter = filter.withLimit(limit.intValue());
    }
    List<JobSnapshot> jobs = new ArrayList<>();
    for (JobSnapshot job : tracker.list(filter)) {
      if (access.canRead(principal, job)) {
        jobs.add(job);
      }
    }
    exchange.respond(Response.jobs(jobs));
  }

  private void cancel(Exchange exchange, String id) {
    String principal = access.principal(exchange);
    Optional<JobSnapshot> found = access.readable(principal, id);
    if (found.isEmpty()) {
      exchange.respond(Access.notFound(id));
      return;
    }
    if (!access.canCancel(principal, found.get())) {
      exchange.respond(Response.error(403, "you may not cancel job " + Response.quoted(id)));
      return;
    }
    String reason = exchange.query("reason");
    try {
      exchange.respond(Response.snapshot(202, tracker.cancel(id, reason)));
    } catch (JobEndedException e) {
      exchange.respond(Response.error(409, e.getMessage()));
    } catch (JobNotFoundException e) {
      exchange.respond(Access.notFound(id));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }
}
