package dev.headway.spring;

import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.RetryHandler;

/**
 * A {@link RetryHandler} for one job type, as a bean: the auto-configured tracker registers every such bean, so
 * {@code POST /headway/jobs/{id}/retry} can retry jobs of that type.
 *
 * <pre>{@code
 * @Bean
 * HeadwayRetryHandler articleRetries(ArticleWorkers workers) {
 *   return HeadwayRetryHandler.of("article", (attempt, failed) -> workers.submit(attempt));
 * }
 * }</pre>
 */
public interface HeadwayRetryHandler extends RetryHandler {

  /**
   * Returns the job type this handler retries.
   *
   * @return the type
   */
  String type();

  /**
   * Returns a handler for a type.
   *
   * @param type the job type
   * @param handler what starts the attempt's work
   * @return the bean
   */
  static HeadwayRetryHandler of(String type, RetryHandler handler) {
    return new HeadwayRetryHandler() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public void retry(Job attempt, JobSnapshot previous) {
        handler.retry(attempt, previous);
      }
    };
  }
}
