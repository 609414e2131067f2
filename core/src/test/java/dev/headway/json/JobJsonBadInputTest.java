package dev.headway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.testing.SnapshotBuilder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a snapshot can be wrong is refused with a message that names the field and the problem. */
class JobJsonBadInputTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final JobSnapshot VALID =
      SnapshotBuilder.from(Snapshots.full()).result("{\"a\":1}").build();

  static Stream<Arguments> badSnapshots() {
    return Stream.of(
        // required fields
        bad("missing id", j -> j.remove("id"), "id", "field 'id': required but missing"),
        bad("missing type", j -> j.remove("type"), "type", "field 'type': required but missing"),
        bad("missing owner", j -> j.remove("owner"), "owner", "field 'owner': required but missing"),
        bad("missing status", j -> j.remove("status"), "status", "field 'status': required but missing"),
        bad("missing createdAt", j -> j.remove("createdAt"), "createdAt", "field 'createdAt': required but missing"),
        bad("missing updatedAt", j -> j.remove("updatedAt"), "updatedAt", "field 'updatedAt': required but missing"),
        bad("missing version", j -> j.remove("version"), "version", "field 'version': required but missing"),
        bad("null id", j -> j.putNull("id"), "id", "field 'id': required but null"),
        bad("null status", j -> j.putNull("status"), "status", "field 'status': required but null"),
        bad("null version", j -> j.putNull("version"), "version", "field 'version': required but null"),
        bad("null createdAt", j -> j.putNull("createdAt"), "createdAt", "field 'createdAt': required but null"),
        // wrong types
        bad("id as number", j -> j.put("id", 7), "id", "field 'id': expected a string, got the number 7"),
        bad("version as string", j -> j.put("version", "7"), "version",
            "field 'version': expected an integer, got the string '7'"),
        bad("version with fraction", j -> j.put("version", 7.5), "version",
            "field 'version': expected an integer, got the number 7.5"),
        bad("version too big", j -> j.put("version", new java.math.BigInteger("99999999999999999999")), "version",
            "field 'version': out of range for a 64-bit integer: '99999999999999999999'"),
        bad("percent as string", j -> j.put("percent", "50"), "percent",
            "field 'percent': expected a number, got the string '50'"),
        bad("percent over 100", j -> j.put("percent", 120), "percent", "field 'percent': must be within 0–100, was 120"),
        bad("percent below 0", j -> j.put("percent", -0.5), "percent", "field 'percent': must be within 0–100, was -0.5"),
        bad("done as boolean", j -> j.put("done", true), "done", "field 'done': expected an integer, got true"),
        bad("stalled as string", j -> j.put("stalled", "yes"), "stalled",
            "field 'stalled': expected true or false, got the string 'yes'"),
        bad("cancelRequested as number", j -> j.put("cancelRequested", 1), "cancelRequested",
            "field 'cancelRequested': expected true or false, got the number 1"),
        bad("message as object", j -> j.putObject("message"), "message",
            "field 'message': expected a string, got an object"),
        bad("steps as object", j -> j.putObject("steps"), "steps", "field 'steps': expected an array, got an object"),
        bad("step element as string", j -> j.withArray("steps").set(1, j.textNode("research")), "steps[1]",
            "field 'steps[1]': expected an object, got the string 'research'"),
        bad("step weight as string", j -> step(j, 2).put("weight", "2"), "steps[2].weight",
            "field 'steps[2].weight': expected a number, got the string '2'"),
        bad("step done with fraction", j -> step(j, 0).put("done", 1.5), "steps[0].done",
            "field 'steps[0].done': expected an integer, got the number 1.5"),
        bad("step without name", j -> step(j, 3).remove("name"), "steps[3].name",
            "field 'steps[3].name': required but missing"),
        bad("step without weight", j -> step(j, 3).remove("weight"), "steps[3].weight",
            "field 'steps[3].weight': required but missing"),
        bad("step without status", j -> step(j, 4).remove("status"), "steps[4].status",
            "field 'steps[4].status': required but missing"),
        bad("children as array", j -> j.putArray("children"), "children",
            "field 'children': expected an object, got an array"),
        bad("children count missing", j -> ((ObjectNode) j.get("children")).remove("failed"), "children.failed",
            "field 'children.failed': required but missing"),
        bad("children count too big", j -> ((ObjectNode) j.get("children")).put("total", 3_000_000_000L),
            "children.total", "field 'children.total': out of range for a 32-bit integer: '3000000000'"),
        bad("children over total", j -> ((ObjectNode) j.get("children")).put("total", 3), "children",
            "field 'children': child counts add up to more than the total 3"),
        bad("eta as string", j -> j.put("eta", "soon"), "eta", "field 'eta': expected an object, got the string 'soon'"),
        bad("eta remainingMs zero", j -> ((ObjectNode) j.get("eta")).put("remainingMs", 0), "eta.remainingMs",
            "field 'eta.remainingMs': must be greater than 0, was 0"),
        bad("eta range above the estimate", j -> ((ObjectNode) j.get("eta")).put("remainingMsLow", 13_000),
            "eta.remainingMsLow",
            "field 'eta.remainingMsLow': must be greater than 0 and at most remainingMs (12000), was 13000"),
        bad("eta range below the estimate", j -> ((ObjectNode) j.get("eta")).put("remainingMsHigh", 11_000),
            "eta.remainingMsHigh", "field 'eta.remainingMsHigh': must be at least remainingMs (12000), was 11000"),
        bad("eta without at", j -> ((ObjectNode) j.get("eta")).remove("at"), "eta.at",
            "field 'eta.at': required but missing"),
        bad("error without message", j -> ((ObjectNode) j.get("error")).remove("message"), "error.message",
            "field 'error.message': required but missing"),
        bad("error at null", j -> ((ObjectNode) j.get("error")).putNull("at"), "error.at",
            "field 'error.at': required but null"),
        bad("attributes as array", j -> j.putArray("attributes"), "attributes",
            "field 'attributes': expected an object, got an array"),
        bad("attribute value as number", j -> ((ObjectNode) j.get("attributes")).put("count", 3), "attributes.count",
            "field 'attributes.count': expected a string, got the number 3"),
        bad("attribute value null", j -> ((ObjectNode) j.get("attributes")).putNull("topic"), "attributes.topic",
            "field 'attributes.topic': expected a string, got null"),
        // unknown enum values
        bad("unknown status", j -> j.put("status", "runing"), "status", "field 'status': unknown job status 'runing'"),
        bad("status in upper case", j -> j.put("status", "RUNNING"), "status",
            "field 'status': unknown job status 'RUNNING'"),
        bad("unknown step status", j -> step(j, 1).put("status", "done"), "steps[1].status",
            "field 'steps[1].status': unknown step status 'done'"),
        bad("unknown confidence", j -> ((ObjectNode) j.get("eta")).put("confidence", "certain"), "eta.confidence",
            "field 'eta.confidence': unknown ETA confidence 'certain'"),
        // times
        bad("createdAt not a time", j -> j.put("createdAt", "yesterday"), "createdAt",
            "field 'createdAt': not an ISO-8601 time such as 2026-01-01T00:00:00Z: 'yesterday'"),
        bad("updatedAt without zone", j -> j.put("updatedAt", "2026-01-01T00:00:00"), "updatedAt",
            "field 'updatedAt': not an ISO-8601 time such as 2026-01-01T00:00:00Z: '2026-01-01T00:00:00'"),
        bad("startedAt as epoch millis", j -> j.put("startedAt", 1767225600000L), "startedAt",
            "field 'startedAt': expected an ISO-8601 time string, got the number 1767225600000"),
        bad("step completedAt not a time", j -> step(j, 0).put("completedAt", "2026-13-01T00:00:00Z"),
            "steps[0].completedAt",
            "field 'steps[0].completedAt': not an ISO-8601 time such as 2026-01-01T00:00:00Z: '2026-13-01T00:00:00Z'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSnapshots")
  void badSnapshotIsRefusedNamingTheField(String name, Consumer<ObjectNode> change, String field, String message) {
    ObjectNode json = tree();
    change.accept(json);
    String text = json.toString();

    JobJsonException e = catchThrowableOfType(JobJsonException.class, () -> JobJson.read(text));

    assertThat(e).as(name).isNotNull().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    assertThat(e.field()).isEqualTo(field);
    assertThatThrownBy(() -> JobJson.read(text.getBytes(StandardCharsets.UTF_8))).hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSnapshots")
  void badSnapshotInAnEventIsRefusedNamingThePathThroughTheEvent(
      String name, Consumer<ObjectNode> change, String field, String message) {
    ObjectNode job = tree();
    change.accept(job);
    String event = "{\"type\":\"progress\",\"job\":" + job + "}";

    assertThatThrownBy(() -> JobJson.readEvent(event))
        .isInstanceOf(JobJsonException.class)
        .hasMessage(message.replace("field '", "field 'job."));
  }

  @Test
  void theValidBaseReads() {
    assertThat(JobJson.read(tree().toString())).isEqualTo(VALID);
  }

  // ---- malformed JSON and the wrong shape ----

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n"})
  void emptyInputIsRefused(String json) {
    assertThatThrownBy(() -> JobJson.read(json))
        .isInstanceOf(JobJsonException.class)
        .hasMessage("no JSON content; expected a job snapshot");
  }

  @Test
  void aValueThatIsNotAnObjectIsRefused() {
    assertThatThrownBy(() -> JobJson.read("[{\"id\":\"a\"}]"))
        .isInstanceOf(JobJsonException.class)
        .hasMessage("expected a JSON object for a job snapshot, got an array");
    assertThatThrownBy(() -> JobJson.read("\"job\""))
        .hasMessage("expected a JSON object for a job snapshot, got the string 'job'");
    assertThatThrownBy(() -> JobJson.read("null")).hasMessage("expected a JSON object for a job snapshot, got null");
  }

  @Test
  void truncatedJsonIsRefused() {
    String json = JobJson.write(VALID);
    String cut = json.substring(0, json.indexOf("\"steps\"") + 20);

    assertThatThrownBy(() -> JobJson.read(cut))
        .isInstanceOf(JobJsonException.class)
        .hasMessageStartingWith("field 'steps[0].name': malformed JSON at line 1, column ");
  }

  @Test
  void malformedValueNamesTheFieldAndThePlace() {
    String json = "{\"id\":\"a\",\n\"type\": article}";

    JobJsonException e = catchThrowableOfType(JobJsonException.class, () -> JobJson.read(json));

    assertThat(e.getMessage()).startsWith("field 'type': malformed JSON at line 2, column ").contains("'article'");
    assertThat(e.field()).isEqualTo("type");
    assertThat(e.getCause()).isInstanceOf(com.fasterxml.jackson.core.JsonParseException.class);
  }

  @Test
  void duplicateFieldIsRefused() {
    String json = JobJson.write(VALID).replace("\"owner\":", "\"owner\":\"mallory\",\"owner\":");

    assertThatThrownBy(() -> JobJson.read(json))
        .isInstanceOf(JobJsonException.class)
        .hasMessageStartingWith("field 'owner': malformed JSON at line 1, column ")
        .hasMessageEndingWith("Duplicate field 'owner'");
  }

  @Test
  void contentAfterTheObjectIsRefused() {
    String json = JobJson.write(VALID) + " {}";

    assertThatThrownBy(() -> JobJson.read(json))
        .isInstanceOf(JobJsonException.class)
        .hasMessage("unexpected content after the job snapshot");
    assertThat(JobJson.read(JobJson.write(VALID) + " \n\t")).isEqualTo(VALID);
  }

  @Test
  void badResultJsonIsMalformed() {
    String json = JobJson.write(VALID).replace("\"result\":{\"a\":1}", "\"result\":{\"a\":}");

    assertThatThrownBy(() -> JobJson.read(json))
        .isInstanceOf(JobJsonException.class)
        .hasMessageStartingWith("field 'result.a': malformed JSON");
  }

  // ---- events ----

  @Test
  void eventWithUnknownTypeIsRefused() {
    String json = JobJson.write(new JobEvent(JobEventType.PROGRESS, VALID)).replace("\"progress\"", "\"progressed\"");

    assertThatThrownBy(() -> JobJson.readEvent(json))
        .isInstanceOf(JobJsonException.class)
        .hasMessage("field 'type': unknown job event type 'progressed'");
  }

  @Test
  void eventWithoutJobOrTypeIsRefused() {
    assertThatThrownBy(() -> JobJson.readEvent("{\"type\":\"progress\"}"))
        .hasMessage("field 'job': required but missing");
    assertThatThrownBy(() -> JobJson.readEvent("{\"type\":\"progress\",\"job\":null}"))
        .hasMessage("field 'job': required but null");
    assertThatThrownBy(() -> JobJson.readEvent("{\"type\":\"progress\",\"job\":[]}"))
        .hasMessage("field 'job': expected an object, got an array");
    assertThatThrownBy(() -> JobJson.readEvent("{\"job\":" + JobJson.write(VALID) + "}"))
        .hasMessage("field 'type': required but missing");
    assertThatThrownBy(() -> JobJson.readEvent("[]"))
        .hasMessage("expected a JSON object for a job event, got an array");
  }

  private static ObjectNode tree() {
    try {
      return (ObjectNode) PLAIN.readTree(JobJson.write(VALID));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode step(ObjectNode json, int index) {
    return (ObjectNode) json.get("steps").get(index);
  }

  private static Arguments bad(String name, Consumer<ObjectNode> change, String field, String message) {
    return Arguments.of(name, change, field, message);
  }
}
