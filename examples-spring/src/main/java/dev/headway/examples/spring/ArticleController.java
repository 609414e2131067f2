package dev.headway.examples.spring;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /articles {"topic": ...}}: starts writing an article and answers its job id at once. */
@RestController
class ArticleController {
  private final ProgressTracker tracker;
  private final ExecutorService writers;

  ArticleController(ProgressTracker tracker, ExecutorService writers) {
    this.tracker = tracker;
    this.writers = writers;
  }

  @PostMapping(path = "/articles", consumes = MediaType.APPLICATION_JSON_VALUE)
  Map<String, String> start(@CookieValue(name = Users.COOKIE, required = false) String user,
      @RequestBody Map<String, String> body) {
    String owner = Users.valid(user);
    if (owner == null) {
      throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "set a user name first");
    }
    Job job = tracker.start(JobSpec.builder("article", owner)
        .step("research", 1).step("outline", 1).step("writing", 3)
        .attribute("topic", body.getOrDefault("topic", "untitled"))
        .build());
    writers.execute(() -> write(job));
    return Map.of("id", job.id());
  }

  /** Simulated work: a real app calls its model or pipeline here. */
  private static void write(Job job) {
    try (job) {
      for (String step : new String[] {"research", "outline", "writing"}) {
        job.startStep(step);
        for (int i = 1; i <= 10; i++) {
          job.checkpoint(); // throws once someone cancelled the job
          Thread.sleep(150);
          job.progress(i, 10);
        }
      }
      job.complete("{\"words\": 1200}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
