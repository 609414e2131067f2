package dev.headway.spi;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every {@link JobStore} promises. A store's test class extends this and returns a fresh store from
 * {@link #newStore()}; it may tune {@link #raceRounds()}, and may add tests of its own on the same {@link #store},
 * with the helpers of {@link StoreContractSupport}.
 *
 * <p>The contract comes in parts, one interface per theme whose tests are default methods; this class runs them
 * all, so a store's test report lists every contract test under the store's own test class.
 */
public abstract class JobStoreContract implements StoredJobsContract, WritesContract, ExclusiveKeysContract,
    CancelRequestsContract, LivenessContract, TakeOverContract, EndedJobsContract, LogContract, StatsContract {

  /** A per-test random suffix, so names from different tests never meet. */
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** The store under test; a new one for every test. */
  protected JobStore store;

  /**
   * Returns the store to test, empty or at least without jobs from earlier tests: {@link JobStore#findStale} and
   * the retention tests see every job in it. Called once per test; a database-backed store may clean its tables
   * here.
   *
   * @return the store
   */
  protected abstract JobStore newStore();

  @BeforeEach
  final void setUpStore() {
    store = newStore();
  }

  @Override
  public final JobStore store() {
    return store;
  }

  @Override
  public final String name(String base) {
    return base + "-" + run;
  }

  /**
   * Returns how many rounds each race runs. An in-memory race window lasts nanoseconds, so it takes many rounds to
   * hit; a store that talks to a database may return fewer.
   *
   * @return the number of rounds, at least 1
   */
  @Override
  public int raceRounds() {
    return 100;
  }
}
