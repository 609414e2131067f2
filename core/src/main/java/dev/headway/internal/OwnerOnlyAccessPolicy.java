package dev.headway.internal;

import dev.headway.AccessPolicy;
import dev.headway.JobSnapshot;

/** The default policy: only the owner may read or cancel. */
public enum OwnerOnlyAccessPolicy implements AccessPolicy {
  /** The only instance. */
  INSTANCE;

  @Override
  public boolean canRead(String principal, JobSnapshot job) {
    return principal != null && principal.equals(job.owner());
  }

  @Override
  public boolean canCancel(String principal, JobSnapshot job) {
    return canRead(principal, job);
  }
}
