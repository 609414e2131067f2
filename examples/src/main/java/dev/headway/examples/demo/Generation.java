package dev.headway.examples.demo;

import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.LogLevel;
import dev.headway.ProgressTracker;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * The simulated AI work of the demo's jobs, written the way a retryable worker is: a step a retry carried over
 * ({@link Job#isStepDone}) is not run again, each step logs what it does ({@link Job#log}), and a step hands its
 * output to later attempts ({@link Job#completeStep(String)}).
 */
final class Generation {
  static final List<String> ARTICLE_STEPS = List.of("research", "writing", "seo");
  static final List<String> FUNNEL_STEPS = List.of("offer", "deck structure", "enrollment pages", "watch pages",
      "registration pages", "follow-up sequence", "marketing profile");

  private final Pace pace;

  Generation(Pace pace) {
    this.pace = pace;
  }

  /** Lets the tracker retry articles, docs and funnels: the attempt runs on the workers, without injected faults. */
  void registerRetries(ProgressTracker.Builder tracker, Workers workers) {
    tracker.retryHandler("article", (attempt, previous) ->
        workers.submit(attempt, j -> article(j, topicOf(previous), null)));
    tracker.retryHandler("docs", (attempt, previous) ->
        workers.submit(attempt, j -> docs(j, previous.attributes().getOrDefault("repository", "acme/api"))));
    tracker.retryHandler("funnel", (attempt, previous) -> workers.submit(attempt, this::funnel));
  }

  private static String topicOf(JobSnapshot job) {
    return job.attributes().getOrDefault("topic", "Solar power at home");
  }

  /** An article: research (1), writing (2), seo (1); {@code failAt} names a step that fails half-way. */
  void article(Job job, String topic, String failAt) throws InterruptedException, SimulatedFailure {
    phase(job, "research", 6, 400, i -> "Researching “" + topic + "”: source " + i + " of 6…",
        i -> "Read source " + i + ": https://example.org/" + slug(topic) + "/" + i, failAt,
        "{\"sources\": 6}");
    phase(job, "writing", 10, 550, i -> "Writing section " + i + " of 10…",
        i -> "Drafted section " + i + " (" + ThreadLocalRandom.current().nextInt(90, 160) + " words)", failAt, null);
    phase(job, "seo", 4, 300, i -> "Optimising title and keywords…",
        i -> "Checked keyword " + i + " of 4", failAt, null);
    job.complete("{\"words\": " + ThreadLocalRandom.current().nextInt(800, 1600) + "}");
  }

  /** Docs for a repository: scan, outline, write, publish. */
  void docs(Job job, String repository) throws InterruptedException, SimulatedFailure {
    phase(job, "scan", 5, 400, i -> "Reading the code of " + repository + "…", i -> "Scanned package " + i + " of 5",
        null, null);
    phase(job, "outline", 3, 500, i -> "Planning the table of contents…", i -> "Outlined part " + i + " of 3",
        null, null);
    phase(job, "write", 12, 500, i -> "Writing page " + i + " of 12…", i -> "Wrote page " + i, null, null);
    phase(job, "publish", 2, 400, i -> "Publishing to docs." + repository.replace('/', '.') + ".dev…",
        i -> "Uploaded batch " + i + " of 2", null, null);
    job.complete("{\"pages\": 12}");
  }

  /** "Regenerate all content": seven named steps of four pieces each. */
  void funnel(Job job) throws InterruptedException, SimulatedFailure {
    for (String step : FUNNEL_STEPS) {
      phase(job, step, 4, 450, i -> "Generating " + step + " (" + i + " of 4)…",
          i -> "Generated " + step + ", part " + i + " of 4", null, null);
    }
    job.complete("{\"pages\": 23}");
  }

  /**
   * Runs one step in {@code units} uneven pieces of about {@code unitMillis} each, logging each piece; a step an
   * earlier attempt completed is reused, not run again.
   */
  private void phase(Job job, String step, int units, long unitMillis, IntFunction<String> message,
      IntFunction<String> logLine, String failAt, String result) throws InterruptedException, SimulatedFailure {
    if (job.isStepDone(step)) {
      job.log("Reusing “" + step + "” from attempt " + (job.snapshot().attempt() - 1));
      return;
    }
    job.startStep(step);
    for (int i = 1; i <= units; i++) {
      job.message(message.apply(i));
      pace.work(unitMillis);
      job.checkpoint();
      if (step.equals(failAt) && i > units / 2) {
        job.log(LogLevel.ERROR, "The model did not answer within 30 s (injected)");
        throw new SimulatedFailure("The model stopped answering during " + step + " (failure injected by failAt)");
      }
      job.log(logLine.apply(i));
      job.progress(i, units);
    }
    job.completeStep(result);
  }

  private static String slug(String topic) {
    return topic.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  /** The failure a demo request asks for. */
  static final class SimulatedFailure extends Exception {
    private static final long serialVersionUID = 1L;

    SimulatedFailure(String message) {
      super(message);
    }
  }
}
