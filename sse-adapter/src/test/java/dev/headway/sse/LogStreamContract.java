package dev.headway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.json.JobJson;
import dev.headway.sse.testing.LogReads;
import dev.headway.sse.testing.SseReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job's log lines on its streams, as {@code log} events; each host runs all of it. */
abstract class LogStreamContract extends EndpointsHarness {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a client read of one job on a stream: the log lines' texts, checked on the way as the contract says. */
  private static final class Reading {
    final List<String> texts = new ArrayList<>();
    long shownLogSeq = -1;
    /** Unknown until the first line: a stream starts at the state it took, which conflation may not show. */
    long lastSeq = -1;
    String lastVersion;
    boolean ended;

    /** Whether the job has ended and the lines its last state shows have arrived. */
    boolean complete() {
      return ended && lastSeq == shownLogSeq;
    }

    void take(SseReader.Event e) throws Exception {
      if (!e.name().equals("log")) {
        JobSnapshot job = JobJson.read(e.data());
        assertThat(e.hadId()).as("a job event carries its version").isTrue();
        shownLogSeq = job.logSeq();
        lastVersion = e.lastEventId();
        ended = job.isFinished();
        return;
      }
      JsonNode line = JSON.readTree(e.data());
      assertThat(e.hadId()).as("a log event has no id").isFalse();
      assertThat(e.lastEventId()).as("Last-Event-ID stays the job's version").isEqualTo(lastVersion);
      if (lastSeq >= 0) {
        assertThat(line.get("seq").asLong()).as("each line once, in order").isEqualTo(lastSeq + 1);
      }
      assertThat(line.get("seq").asLong()).as("after the frame that shows it").isLessThanOrEqualTo(shownLogSeq);
      lastSeq = line.get("seq").asLong();
      texts.add(line.get("text").asText());
    }
  }

  @Test
  void aJobStreamSendsTheLinesLoggedAfterItsSnapshotWithoutAnIdInOrderOnce() throws Exception {
    Job job = start("alice");
    job.startStep("research");
    job.log("before the stream");
    SseReader reader = new SseReader(raw("/jobs/" + job.id() + "/events", "alice").body);
    Reading reading = new Reading();
    reading.take(reader.next());
    assertThat(reading.shownLogSeq).isEqualTo(1);

    job.log("one");
    job.startStep("writing");
    job.log("two");
    job.log("three");
    job.complete(null);
    for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
      reading.take(e);
    }
    assertThat(reading.texts).containsExactly("one", "two", "three");
    assertThat(reading.ended).isTrue();
  }

  @Test
  void aStreamOfSeveralJobsSendsEachJobsLines() throws Exception {
    Job first = start("alice");
    Job second = start("alice");
    first.log("early");
    SseReader reader = new SseReader(raw("/events?jobs=" + first.id() + "," + second.id(), "alice").body);
    Map<String, Reading> readings = new HashMap<>();
    readings.computeIfAbsent(first.id(), id -> new Reading());
    readings.computeIfAbsent(second.id(), id -> new Reading());

    for (int i = 1; i <= 3; i++) {
      first.log("first " + i);
      second.log("second " + i);
    }
    first.complete(null);
    second.complete(null);
    while (!readings.get(first.id()).complete() || !readings.get(second.id()).complete()) {
      SseReader.Event e = reader.next();
      assertThat(e).as("the stream ended early").isNotNull();
      String id = e.name().equals("log") ? JSON.readTree(e.data()).get("jobId").asText() : JobJson.read(e.data()).id();
      readings.get(id).take(e);
    }
    assertThat(readings.get(first.id()).texts).containsExactly("first 1", "first 2", "first 3");
    assertThat(readings.get(second.id()).texts).containsExactly("second 1", "second 2", "second 3");
  }

  @Test
  void streamsOnOneJobCostOneLogReadPerChange() throws Exception {
    LogReads reads = new LogReads(tracker);
    base = serve(endpoints(reads.tracker, b -> b));
    Job job = start("alice");
    List<SseReader> readers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      SseReader reader = new SseReader(raw("/jobs/" + job.id() + "/events", "alice").body);
      assertThat(reader.next().name()).isEqualTo("snapshot");
      readers.add(reader);
    }

    int lines = 5;
    for (int i = 1; i <= lines; i++) {
      job.log("line " + i);
    }
    job.complete(null);
    for (SseReader reader : readers) {
      assertThat(readJobToEnd(reader)).hasSize(lines);
    }
    assertThat(reads.count.get()).as("log reads for %d changes on %d streams", lines, readers.size())
        .isBetween(1, lines);
  }

  private static List<String> readJobToEnd(SseReader reader) throws Exception {
    List<String> texts = new ArrayList<>();
    for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
      if (e.name().equals("log")) {
        texts.add(JSON.readTree(e.data()).get("text").asText());
      }
    }
    return texts;
  }
}
