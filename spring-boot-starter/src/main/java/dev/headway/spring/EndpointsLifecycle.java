package dev.headway.spring;

import dev.headway.sse.JobEndpoints;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the endpoints first when the application stops: open event streams never end on their own, so the web
 * server's graceful shutdown would wait its whole timeout for them. Browsers reconnect to another instance.
 */
public class EndpointsLifecycle implements SmartLifecycle {
  private final JobEndpoints endpoints;
  private volatile boolean running;

  /**
   * Creates the lifecycle.
   *
   * @param endpoints the endpoints to close
   */
  public EndpointsLifecycle(JobEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    endpoints.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** The highest phase stops first: before the web server's graceful shutdown and stop. */
  @Override
  public int getPhase() {
    return DEFAULT_PHASE;
  }
}
