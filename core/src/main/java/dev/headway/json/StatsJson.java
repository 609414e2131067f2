package dev.headway.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.headway.DurationStats;
import dev.headway.JobStats;
import dev.headway.StepStats;
import java.io.IOException;
import java.util.Objects;

/**
 * The JSON form of {@link JobStats}: {@code {"since":"…","ended":10,"completed":8,"failed":1,"cancelled":1,
 * "failureRate":0.1,"cancellationRate":0.1,"duration":{"count":8,"meanMs":…,"p50Ms":…,"p95Ms":…},
 * "steps":[{"name":"research","completed":9,"failed":1,"duration":{…}}]}}.
 */
public final class StatsJson {
  private StatsJson() {}

  /**
   * Writes stats as UTF-8 JSON.
   *
   * @param stats the figures
   * @return one compact JSON object
   */
  public static byte[] writeBytes(JobStats stats) {
    Objects.requireNonNull(stats, "stats");
    return LogJson.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("since", stats.since().toString());
      g.writeNumberField("ended", stats.ended());
      g.writeNumberField("completed", stats.completed());
      g.writeNumberField("failed", stats.failed());
      g.writeNumberField("cancelled", stats.cancelled());
      g.writeNumberField("failureRate", stats.failureRate());
      g.writeNumberField("cancellationRate", stats.cancellationRate());
      writeDuration(g, stats.duration());
      g.writeArrayFieldStart("steps");
      for (StepStats step : stats.steps()) {
        g.writeStartObject();
        g.writeStringField("name", step.name());
        g.writeNumberField("completed", step.completed());
        g.writeNumberField("failed", step.failed());
        writeDuration(g, step.duration());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void writeDuration(JsonGenerator g, DurationStats d) throws IOException {
    g.writeObjectFieldStart("duration");
    g.writeNumberField("count", d.count());
    g.writeNumberField("meanMs", d.meanMs());
    g.writeNumberField("p50Ms", d.p50Ms());
    g.writeNumberField("p95Ms", d.p95Ms());
    g.writeEndObject();
  }
}
