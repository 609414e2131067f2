package dev.headway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headway.Eta;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.testing.SnapshotBuilder;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobJsonTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private static final List<String> TOP_LEVEL_KEYS = List.of("id", "type", "owner", "tenant", "parentId", "status",
      "percent", "message", "step", "steps", "done", "total", "children", "eta", "elapsedMs", "stalled",
      "createdAt", "startedAt", "updatedAt", "completedAt", "error", "result", "cancelRequested", "cancelReason",
      "attributes", "version", "exclusiveKey", "attempt", "retryOf", "logSeq");
  private static final List<String> STEP_KEYS = List.of("name", "weight", "status", "percent", "done", "total",
      "message", "startedAt", "completedAt", "error", "result", "carriedOver");
  private static final List<String> CHILDREN_KEYS =
      List.of("total", "queued", "running", "completed", "failed", "cancelled");
  // The range came later and is added at the end: a reader of the first three is unaffected.
  private static final List<String> ETA_KEYS =
      List.of("remainingMs", "at", "confidence", "remainingMsLow", "remainingMsHigh");
  private static final List<String> ERROR_KEYS = List.of("message", "step", "at");

  // ---- round trips ----

  @Test
  void fullSnapshotRoundTrips() {
    JobSnapshot full = Snapshots.full();
    assertThat(JobJson.read(JobJson.write(full))).isEqualTo(full);
  }

  @Test
  void minimalSnapshotRoundTrips() {
    JobSnapshot minimal = Snapshots.minimal();
    assertThat(JobJson.read(JobJson.write(minimal))).isEqualTo(minimal);
  }

  @Test
  void bytesAreUtf8AndRoundTrip() throws Exception {
    JobSnapshot full = Snapshots.full();
    byte[] bytes = JobJson.writeBytes(full);

    String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    assertThat(text).contains("\"tenant\":\"acme-ß\"", "日本語").doesNotContain("\n", "\r");
    assertThat(PLAIN.readTree(bytes)).isEqualTo(PLAIN.readTree(JobJson.write(full)));
    assertThat(JobJson.read(bytes)).isEqualTo(full);
  }

  @Test
  void streamsToAndFromTheHostsGeneratorAndParser() throws Exception {
    JobSnapshot full = Snapshots.full();
    StringWriter out = new StringWriter();
    try (JsonGenerator g = PLAIN.getFactory().createGenerator(out)) {
      g.writeStartArray();
      JobJson.write(full, g);
      JobJson.write(Snapshots.minimal(), g);
      g.writeEndArray();
    }

    try (JsonParser p = PLAIN.getFactory().createParser(out.toString())) {
      p.nextToken(); // [
      p.nextToken();
      assertThat(JobJson.read(p)).isEqualTo(full);
      assertThat(p.currentToken()).hasToString("END_OBJECT");
      p.nextToken();
      assertThat(JobJson.read(p)).isEqualTo(Snapshots.minimal());
    }
  }

  @Test
  void percentAndWeightReadBackEqual() {
    for (double percent : new double[] {0, 0.1, 1.0 / 3, 42, 99.99999999999999, 100}) {
      JobSnapshot s = SnapshotBuilder.job().percent(percent)
          .addStep(new StepSnapshot("s", percent / 7, StepStatus.RUNNING, percent, null, null, null, null, null,
              null))
          .build();
      assertThat(JobJson.read(JobJson.write(s))).isEqualTo(s);
    }
  }

  @Test
  void integralPercentWrittenWithoutFractionIsReadBack() {
    String json = JobJson.write(SnapshotBuilder.job().percent(42).build()).replace("\"percent\":42.0", "\"percent\":42");
    assertThat(json).contains("\"percent\":42,");

    assertThat(JobJson.read(json).percent()).isEqualTo(42.0);
  }

  @Test
  void anEtaRangeRoundTripsAndAnOldOneWithoutRangeReadsAsItsEstimate() {
    Instant at = Instant.parse("2026-01-01T00:01:00Z");
    JobSnapshot ranged = SnapshotBuilder.job().eta(new Eta(60_000, at, Eta.Confidence.LOW, 30_000, 120_000)).build();
    String json = JobJson.write(ranged);
    assertThat(json).contains("\"remainingMsLow\":30000,\"remainingMsHigh\":120000");
    assertThat(JobJson.read(json)).isEqualTo(ranged);

    String old = json.replace(",\"remainingMsLow\":30000,\"remainingMsHigh\":120000", "");
    assertThat(JobJson.read(old).eta()).isEqualTo(new Eta(60_000, at, Eta.Confidence.LOW, 60_000, 60_000));
  }

  @Test
  void loneSurrogatesDoNotBreakWriting() {
    JobSnapshot s = SnapshotBuilder.job().message("cut in half: \uD83D").build();

    assertThat(JobJson.read(JobJson.write(s))).isEqualTo(s);
    assertThat(JobJson.read(JobJson.writeBytes(s))).isEqualTo(s);
  }

  @ParameterizedTest
  @EnumSource(JobEventType.class)
  void eventsRoundTrip(JobEventType type) {
    JobEvent event = new JobEvent(type, Snapshots.full());

    String json = JobJson.write(event);

    assertThat(json).startsWith("{\"type\":\"" + type.wireName() + "\",\"job\":{\"id\":");
    assertThat(JobJson.readEvent(json)).isEqualTo(event);
    assertThat(JobJson.readEvent(new String(JobJson.writeBytes(event), StandardCharsets.UTF_8))).isEqualTo(event);
  }

  @Test
  void eventEnvelopeHasTypeThenJob() throws Exception {
    JobEvent event = new JobEvent(JobEventType.PROGRESS, Snapshots.minimal());
    JsonNode tree = PLAIN.readTree(JobJson.write(event));

    assertThat(keys(tree)).containsExactly("type", "job");
    assertThat(tree.get("type").asText()).isEqualTo("progress");
    assertThat(tree.get("job")).isEqualTo(PLAIN.readTree(JobJson.write(Snapshots.minimal())));
  }

  @Test
  void readsEventFromParser() throws Exception {
    JobEvent event = new JobEvent(JobEventType.STEP_STARTED, Snapshots.full());
    StringWriter out = new StringWriter();
    try (JsonGenerator g = PLAIN.getFactory().createGenerator(out)) {
      JobJson.write(event, g);
    }
    try (JsonParser p = PLAIN.getFactory().createParser(out.toString())) {
      assertThat(JobJson.readEvent(p)).isEqualTo(event);
    }
  }

  // ---- the written form ----

  @Test
  void fieldNamesAndOrderAreTheContract() throws Exception {
    JsonNode tree = PLAIN.readTree(JobJson.write(Snapshots.full()));

    assertThat(keys(tree)).containsExactlyElementsOf(TOP_LEVEL_KEYS);
    assertThat(tree.get("steps")).hasSize(5);
    for (JsonNode step : tree.get("steps")) {
      assertThat(keys(step)).containsExactlyElementsOf(STEP_KEYS);
    }
    assertThat(keys(tree.get("children"))).containsExactlyElementsOf(CHILDREN_KEYS);
    assertThat(keys(tree.get("eta"))).containsExactlyElementsOf(ETA_KEYS);
    assertThat(keys(tree.get("error"))).containsExactlyElementsOf(ERROR_KEYS);
  }

  @Test
  void minimalSnapshotWritesEveryFieldWithExplicitNulls() throws Exception {
    String json = JobJson.write(Snapshots.minimal());
    JsonNode tree = PLAIN.readTree(json);

    assertThat(keys(tree)).containsExactlyElementsOf(TOP_LEVEL_KEYS);
    for (String field : List.of("tenant", "parentId", "message", "step", "done", "total", "children", "eta",
        "elapsedMs", "startedAt", "completedAt", "error", "result", "cancelReason", "exclusiveKey", "retryOf")) {
      assertThat(tree.get(field).isNull()).as(field).isTrue();
      assertThat(json).contains("\"" + field + "\":null");
    }
    assertThat(json).contains("\"steps\":[]", "\"attributes\":{}", "\"stalled\":false", "\"cancelRequested\":false",
        "\"attempt\":1", "\"logSeq\":0");
  }

  @Test
  void valuesHaveTheirWireTypes() throws Exception {
    JsonNode tree = PLAIN.readTree(JobJson.write(Snapshots.full()));

    assertThat(tree.get("status").asText()).isEqualTo("running");
    assertThat(tree.get("percent").isNumber()).isTrue();
    assertThat(tree.get("percent").asDouble()).isEqualTo(42.125);
    assertThat(tree.get("done").isIntegralNumber()).isTrue();
    assertThat(tree.get("total").isIntegralNumber()).isTrue();
    assertThat(tree.get("elapsedMs").isIntegralNumber()).isTrue();
    assertThat(tree.get("version").isIntegralNumber()).isTrue();
    assertThat(tree.get("version").asLong()).isEqualTo(9_007_199_254_740_993L);
    assertThat(tree.get("eta").get("remainingMs").isIntegralNumber()).isTrue();
    assertThat(tree.get("eta").get("confidence").asText()).isEqualTo("medium");
    assertThat(tree.get("stalled").isBoolean()).isTrue();
    assertThat(tree.get("cancelRequested").isBoolean()).isTrue();
    List<String> stepStatuses = new ArrayList<>();
    tree.get("steps").forEach(step -> {
      assertThat(step.get("weight").isNumber()).isTrue();
      stepStatuses.add(step.get("status").asText());
    });
    assertThat(stepStatuses).containsExactly("completed", "skipped", "failed", "running", "pending");
    assertThat(tree.get("attributes").get("topic").asText()).isEqualTo("Solar power ☀");
    assertThat(PLAIN.convertValue(tree.get("children"), new TypeReference<Map<String, Integer>>() {}))
        .isEqualTo(Map.of("total", 10, "queued", 2, "running", 3, "completed", 2, "failed", 1, "cancelled", 1));
  }

  @Test
  void timesAreUtcIsoStrings() throws Exception {
    JsonNode tree = PLAIN.readTree(JobJson.write(Snapshots.full()));

    assertThat(tree.get("createdAt").asText()).isEqualTo("2026-01-01T00:00:00.123Z");
    assertThat(tree.get("startedAt").asText()).isEqualTo("2026-01-01T00:00:01.123456789Z");
    assertThat(tree.get("updatedAt").asText()).isEqualTo("2026-01-01T00:00:49.001Z");
    assertThat(tree.get("completedAt").asText()).isEqualTo("2026-01-01T00:00:50Z");
    assertThat(tree.get("eta").get("at").asText()).isEqualTo("2026-01-01T00:01:01.001Z");
    assertThat(tree.get("error").get("at").asText()).isEqualTo("2026-01-01T00:00:09.500Z");
    assertThat(tree.get("steps").get(0).get("completedAt").asText()).isEqualTo("2026-01-01T00:00:05Z");
  }

  @Test
  void timesWithAnOffsetAreReadAsTheSameInstant() {
    String json = JobJson.write(Snapshots.minimal())
        .replace("\"createdAt\":\"2026-01-01T00:00:00.123Z\"", "\"createdAt\":\"2026-01-01T01:00:00.123+01:00\"");

    assertThat(JobJson.read(json).createdAt()).isEqualTo(Snapshots.CREATED);
  }

  @Test
  void resultIsEmbeddedAsRawJson() {
    JobSnapshot s = SnapshotBuilder.job().result("{\"a\":1}").build();

    assertThat(JobJson.write(s)).contains("\"result\":{\"a\":1},");
  }

  @Test
  void fullResultIsEmbeddedWithNumbersUntouched() {
    String json = JobJson.write(Snapshots.full());

    assertThat(json).contains("\"result\":" + Snapshots.full().result() + ",\"cancelRequested\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1}", "[1,2,{\"b\":[]}]", "\"just text\"", "42", "-0.5e10", "true", "false", "{}", "[]"})
  void anyJsonValueIsAResult(String result) {
    JobSnapshot s = SnapshotBuilder.job().result(result).build();

    String json = JobJson.write(s);

    assertThat(json).contains("\"result\":" + result + ",");
    assertThat(JobJson.read(json).result()).isEqualTo(result);
  }

  @Test
  void resultIsReadBackAsCompactJson() {
    String pretty = "{ \"a\" : 1 ,\n  \"b\" : [ 1.50 , \"x y\" ,\t{ } ] }";
    JobSnapshot s = SnapshotBuilder.job().result(pretty).build();

    String json = JobJson.write(s);

    assertThat(json).contains("\"result\":{\"a\":1,\"b\":[1.50,\"x y\",{}]},");
    assertThat(JobJson.read(json).result()).isEqualTo("{\"a\":1,\"b\":[1.50,\"x y\",{}]}");
  }

  @Test
  void writtenJsonHasNoRawLineBreaks() {
    String json = JobJson.write(Snapshots.full());

    assertThat(json).doesNotContain("\n", "\r").contains("CR\\rLF\\nCRLF\\r\\n", "nul\\u0000");
  }

  @Test
  void writingAnInvalidResultFailsBeforeWritingAnything() throws Exception {
    JobSnapshot s = SnapshotBuilder.job().result("{\"a\":").build();
    StringWriter out = new StringWriter();
    try (JsonGenerator g = PLAIN.getFactory().createGenerator(out)) {
      assertThatThrownBy(() -> JobJson.write(s, g))
          .isInstanceOf(JobJsonException.class)
          .hasMessageStartingWith("field 'result': not valid JSON");
    }
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{\"a\":1} {\"b\":2}", "{'a':1}", "NaN", "[1,]"})
  void resultsThatAreNotOneJsonValueAreRefused(String result) {
    JobSnapshot s = SnapshotBuilder.job().result(result).build();

    assertThatThrownBy(() -> JobJson.write(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("field 'result': ")
        .extracting(e -> ((JobJsonException) e).field()).isEqualTo("result");
  }

  @Test
  void nonFiniteStepNumbersAreRefused() {
    JobSnapshot s = SnapshotBuilder.job()
        .addStep(new StepSnapshot("a", 1, StepStatus.PENDING, 0, null, null, null, null, null, null))
        .addStep(new StepSnapshot("b", Double.NaN, StepStatus.PENDING, 0, null, null, null, null, null, null))
        .build();

    assertThatThrownBy(() -> JobJson.write(s)).hasMessage("field 'steps[1].weight': NaN cannot be written as a JSON number");
    assertThatThrownBy(() -> JobJson.write(new JobEvent(JobEventType.PROGRESS, s)))
        .hasMessageStartingWith("field 'job.steps[1].weight': ");
  }

  // ---- lenient where it should be ----

  @Test
  void unknownFieldsAreIgnoredAtEveryLevel() throws Exception {
    // A result whose text survives a trip through a JsonNode (which would turn 1.10 into 1.1).
    JobSnapshot full = SnapshotBuilder.from(Snapshots.full()).result("{\"a\":[1,\"x\"]}").build();
    JsonNode tree = PLAIN.readTree(JobJson.write(full));
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("futureField", "x")
        .putObject("futureObject").putArray("deep").add(1).addObject().put("y", true);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("steps").get(2)).putArray("futureList").add("z");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("children")).put("skipped", 4);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("eta")).put("low", 1);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("error")).putNull("code");

    assertThat(JobJson.read(PLAIN.writeValueAsString(tree))).isEqualTo(full);
    String event = "{\"id\":7,\"type\":\"progress\",\"extra\":[{}],\"job\":" + PLAIN.writeValueAsString(tree) + "}";
    assertThat(JobJson.readEvent(event)).isEqualTo(new JobEvent(JobEventType.PROGRESS, full));
  }

  @Test
  void missingOptionalFieldsReadAsNullFalseOrEmpty() {
    String json = "{\"id\":\"j\",\"type\":\"article\",\"owner\":\"bob\",\"status\":\"queued\","
        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"version\":3}";

    JobSnapshot s = JobJson.read(json);

    assertThat(s).isEqualTo(new JobSnapshot("j", "article", "bob", null, null, dev.headway.JobStatus.QUEUED, 0,
        null, null, List.of(), null, null, null, null, null, false, Instant.parse("2026-01-01T00:00:00Z"), null,
        Instant.parse("2026-01-01T00:00:00Z"), null, null, null, false, null, Map.of(), 3));
  }

  @Test
  void nullsForBooleansAndCollectionsReadAsFalseAndEmpty() {
    String json = "{\"id\":\"j\",\"type\":\"article\",\"owner\":\"bob\",\"status\":\"queued\",\"percent\":null,"
        + "\"steps\":null,\"stalled\":null,\"cancelRequested\":null,\"attributes\":null,"
        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"version\":3}";

    JobSnapshot s = JobJson.read(json);

    assertThat(s.steps()).isEmpty();
    assertThat(s.attributes()).isEmpty();
    assertThat(s.stalled()).isFalse();
    assertThat(s.cancelRequested()).isFalse();
    assertThat(s.percent()).isZero();
  }

  @Test
  void isSafeToUseFromManyThreads() {
    JobSnapshot full = Snapshots.full();
    String expected = JobJson.write(full);

    List<Boolean> ok = IntStream.range(0, 2_000).parallel()
        .mapToObj(i -> JobJson.write(full).equals(expected) && JobJson.read(expected).equals(full))
        .toList();

    assertThat(ok).containsOnly(true);
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
