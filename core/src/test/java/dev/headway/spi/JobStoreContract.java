package dev.headway.spi;

import org.junit.jupiter.api.Nested;

/**
 * The behaviour every {@link JobStore} promises. A store's test class extends this and returns a fresh store from
 * {@link #newStore()}; it may tune {@link #raceRounds()}, and may add tests of its own using the helpers of
 * {@link StoreContractSupport} on the same {@link #store}.
 *
 * <p>The contract comes in parts, one per theme, each a {@link Part} in a file of its own; the nested classes here
 * run every part on this test's store. JUnit sets this class up before a nested part, so a part uses the store made
 * for this test rather than making another.
 */
public abstract class JobStoreContract extends StoreContractSupport {

  /** A part of the contract: it runs on the store and settings of the {@link JobStoreContract} that nests it. */
  public abstract static class Part extends StoreContractSupport {
    /**
     * Returns the store test this part runs in.
     *
     * @return the enclosing test
     */
    protected abstract JobStoreContract host();

    @Override
    protected final JobStore newStore() {
      return host().store;
    }

    @Override
    protected final int raceRounds() {
      return host().raceRounds();
    }
  }

  @Nested
  class StoredJobs extends StoredJobsContract {
    @Override
    protected JobStoreContract host() {
      return JobStoreContract.this;
    }
  }

  @Nested
  class Writes extends WritesContract {
    @Override
    protected JobStoreContract host() {
      return JobStoreContract.this;
    }
  }

  @Nested
  class ExclusiveKeys extends ExclusiveKeysContract {
    @Override
    protected JobStoreContract host() {
      return JobStoreContract.this;
    }
  }

  @Nested
  class Cancelling extends CancelRequestsContract {
    @Override
    protected JobStoreContract host() {
      return JobStoreContract.this;
    }
  }

  @Nested
  class Liveness extends LivenessContract {
    @Override
    protected JobStoreContract host() {
      return JobStoreContract.this;
    }
  }

  @Nested
  class TakeOver extends TakeOverContract {
    @Override
    protected JobStoreContract host() {
      return JobStoreContract.this;
    }
  }

  @Nested
  class EndedJobs extends EndedJobsContract {
    @Override
    protected JobStoreContract host() {
      return JobStoreContract.this;
    }
  }
}
