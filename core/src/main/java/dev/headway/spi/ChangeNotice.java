package dev.headway.spi;

import java.util.Objects;

/**
 * What a {@link ClusterBus} carries: "node N wrote version V of job X". It names a change, not the state: a receiver
 * reads the state from the shared store, so a notice is small and a lost or late one costs a read, never a wrong
 * state.
 *
 * @param nodeId the node that wrote the change
 * @param jobId the job
 * @param version the version written
 */
public record ChangeNotice(String nodeId, String jobId, long version) {
  /**
   * Checks the fields.
   *
   * @throws NullPointerException if the node or job id is null
   */
  public ChangeNotice {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(jobId, "jobId");
  }
}
