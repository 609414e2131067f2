package dev.headway.examples.demo;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.JobStart;
import dev.headway.ProgressTracker;
import java.util.List;
import java.util.Set;

/**
 * The five demo scenarios: each starts its job(s) on the caller's thread (so a refused exclusive key is answered
 * at once) and hands the simulated AI work to the {@link Workers}. All work reports through the {@link Job} handle:
 * {@code startStep}, {@code progress}, {@code message}, {@code checkpoint} (which throws on cancel), {@code complete}.
 */
final class Scenarios {
  static final Set<String> NAMES = Set.of("article", "bulk", "funnel", "docs", "course");
  private static final List<String> TOPICS = List.of("Solar power at home", "Sourdough for beginners",
      "Remote team rituals", "The history of the bicycle", "Coffee chemistry", "Urban beekeeping",
      "Learning Rust in a month", "Minimalist travel");

  private final ProgressTracker tracker;
  private final Workers workers;
  private final Generation generation;
  private final Pace pace;

  Scenarios(ProgressTracker tracker, Workers workers, Generation generation, Pace pace) {
    this.tracker = tracker;
    this.workers = workers;
    this.generation = generation;
    this.pace = pace;
  }

  /** One article: research (1), writing (2), seo (1); {@code failAt} names a step that fails half-way. */
  Job article(String user, String topic, String failAt) {
    if (failAt != null && !Generation.ARTICLE_STEPS.contains(failAt)) {
      throw new IllegalArgumentException("failAt must be one of " + Generation.ARTICLE_STEPS + ", was " + failAt);
    }
    Job job = tracker.start(articleSpec(user, topic).attribute("scenario", "article").build());
    workers.submit(job, j -> generation.article(j, topic, failAt));
    return job;
  }

  /** {@code count} articles as children of one parent; every {@code failEvery}-th one fails (0: none). */
  Job bulk(String user, int count, int failEvery) {
    if (count < 1 || count > 50) {
      throw new IllegalArgumentException("count must be 1-50, was " + count);
    }
    Job parent = tracker.start(JobSpec.builder("bulk", user)
        .attribute("scenario", "bulk").attribute("title", count + " articles").attribute("count", "" + count)
        .expectedChildren(count) // shows "0 of n" at once; the parent ends by itself with its last child
        .build());
    for (int i = 1; i <= count; i++) {
      String topic = TOPICS.get((i - 1) % TOPICS.size());
      String failAt = failEvery > 0 && i % failEvery == 0 ? "writing" : null;
      workers.submit(parent.startChild(articleSpec(user, topic).build()),
          j -> generation.article(j, topic, failAt));
    }
    return parent;
  }

  /** "Regenerate all content": seven named steps; each finished one can be opened while the rest still runs. */
  Job funnel(String user) {
    JobSpec.Builder spec = JobSpec.builder("funnel", user).queued()
        .attribute("scenario", "funnel").attribute("title", "Regenerate all content");
    Generation.FUNNEL_STEPS.forEach(step -> spec.step(step, 1));
    Job job = tracker.start(spec.build());
    workers.submit(job, generation::funnel);
    return job;
  }

  /**
   * Docs for a repository; its exclusive key lets only one run per repository (the database enforces it). A second
   * start attaches the caller to the running job if they may read it, else is told "busy" without its id.
   */
  JobStart docs(String user, String repository) {
    JobStart start = tracker.startOrAttach(JobSpec.builder("docs", user).queued()
        .attribute("scenario", "docs").attribute("title", "Docs for " + repository)
        .attribute("repository", repository)
        .exclusiveKey("docs:" + repository)
        .step("scan", 1).step("outline", 1).step("write", 3).step("publish", 1)
        .build(), user);
    if (!(start instanceof JobStart.Started started)) {
      return start;
    }
    workers.submit(started.job(), j -> generation.docs(j, repository));
    return start;
  }

  /** A course whose topics are child jobs; cancelling the course cancels its topics. */
  Job course(String user, String title) {
    List<String> topics = List.of("Getting started", "Core ideas", "Hands-on project", "Common mistakes", "Next steps");
    Job course = tracker.start(JobSpec.builder("course", user)
        .attribute("scenario", "course").attribute("title", "Course: " + title).attribute("topic", title)
        .expectedChildren(topics.size())
        .build());
    for (String topic : topics) {
      Job child = course.startChild(JobSpec.builder("topic", user).queued().attribute("title", topic).total(4).build());
      workers.submit(child, j -> {
        for (int lesson = 1; lesson <= 4; lesson++) {
          j.message("Writing lesson " + lesson + " of 4…");
          pace.work(1500);
          j.checkpoint(); // throws JobCancelledException once the course (or this topic) is cancelled
          j.advance(1);
        }
        j.complete();
      });
    }
    return course;
  }

  private static JobSpec.Builder articleSpec(String user, String topic) {
    return JobSpec.builder("article", user).queued()
        .attribute("title", topic).attribute("topic", topic)
        .step("research", 1).step("writing", 2).step("seo", 1);
  }
}
