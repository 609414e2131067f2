package dev.headway.sse.internal;

import dev.headway.JobNotFoundException;
import dev.headway.ProgressTracker;
import dev.headway.RetryRefusedException;

/**
 * {@code POST /jobs/{id}/retry}: a failed or cancelled job again, as a new attempt. {@code 200} with the attempt
 * (also the one already running, for a second click), {@code 404} alike for unknown jobs and jobs the caller may
 * not retry, {@code 409} with a {@code reason} when the tracker refuses.
 */
final class RetryRequests {
  private final ProgressTracker tracker;
  private final Access access;

  RetryRequests(Settings settings, Access access) {
    this.tracker = settings.tracker();
    this.access = access;
  }

  void retry(Exchange exchange, String id) {
    String principal = access.principal(exchange);
    // Checked here, not only by the tracker, so a job the caller may not retry costs what an unknown one does.
    if (access.retryable(principal, id).isEmpty()) {
      exchange.respond(Access.notFound(id));
      return;
    }
    try {
      exchange.respond(Response.snapshot(200, tracker.retry(id, principal)));
    } catch (JobNotFoundException e) {
      exchange.respond(Access.notFound(id));
    } catch (RetryRefusedException e) {
      exchange.respond(Response.error(409, e.getMessage(), reasonOf(e.reason())));
    } catch (IllegalStateException e) {
      exchange.respond(Response.error(503, "the server is shutting down; try again shortly"));
    }
  }

  /** The wire name of a refusal: what a page switches on, so it must not change with the enum's names. */
  static String reasonOf(RetryRefusedException.Reason reason) {
    return switch (reason) {
      case ACTIVE -> "active";
      case COMPLETED -> "completed";
      case NO_HANDLER -> "not_retryable";
      case KEY_BUSY -> "key_busy";
      case PARENT_CLOSED -> "parent_closed";
    };
  }
}
