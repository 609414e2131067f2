package dev.headway.reliability;

import dev.headway.ProgressTracker;
import dev.headway.jdbc.JdbcJobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A worker node in a JVM of its own, so a test can {@code kill -9} it, freeze it with SIGSTOP or cut it off from the
 * database: a {@link ProgressTracker} on a {@link JdbcJobStore} that runs jobs as {@link WorkerSettings.WorkerMode}
 * says and prints a {@link WorkerLine} after each status call returns. Started by {@link WorkerProcess}.
 */
public final class WorkerMain {
  private WorkerMain() {}

  /**
   * Runs the worker until its work is done, stdin says {@code exit} or {@code stop}, or it is killed.
   *
   * @param args the {@link WorkerSettings} as {@code name=value} pairs
   * @throws IOException if stdin cannot be read
   * @throws InterruptedException never on purpose: nothing interrupts the worker's main thread
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    WorkerSettings settings = WorkerSettings.parse(args);
    Reporter reporter = Reporter.printingTo(System.out);
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (JdbcJobStore store = JdbcJobStore.builder()
            .jdbcUrl(settings.jdbcUrl())
            .tablePrefix(settings.tablePrefix())
            .build();
        ProgressTracker tracker = ProgressTracker.builder()
            .store(store)
            .nodeId(settings.nodeId())
            .heartbeatInterval(settings.heartbeatInterval())
            .staleAfter(settings.staleAfter())
            .statusWriteTimeout(settings.statusWriteTimeout())
            .build()) {
      reporter.print(WorkerLine.signal(WorkerLine.READY));
      switch (settings.mode()) {
        case CHURN -> new ChurnWork(tracker, reporter, settings).run();
        case HOLD -> new HeldJobs(tracker, reporter, settings).run(commands);
        case STEADY -> new SteadyWork(tracker, reporter).run(commands);
      }
    }
    reporter.print(WorkerLine.signal(WorkerLine.DONE));
  }
}
