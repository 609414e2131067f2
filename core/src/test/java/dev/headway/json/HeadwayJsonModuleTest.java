package dev.headway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.testing.SnapshotBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadwayJsonModuleTest {
  private final ObjectMapper mapper = new ObjectMapper().registerModule(new HeadwayJsonModule());

  /** A host's own response type that carries snapshots. */
  record Page(String cursor, List<JobSnapshot> jobs, JobEvent last) {}

  @Test
  void writesTheSameJsonAsJobJson() throws Exception {
    JobSnapshot full = Snapshots.full();

    assertThat(mapper.writeValueAsString(full)).isEqualTo(JobJson.write(full));
    assertThat(mapper.writeValueAsString(Snapshots.minimal())).isEqualTo(JobJson.write(Snapshots.minimal()));
  }

  @Test
  void readsWhatJobJsonWrites() throws Exception {
    assertThat(mapper.readValue(JobJson.write(Snapshots.full()), JobSnapshot.class)).isEqualTo(Snapshots.full());
    assertThat(mapper.readValue(JobJson.writeBytes(Snapshots.minimal()), JobSnapshot.class))
        .isEqualTo(Snapshots.minimal());
  }

  @Test
  void eventsRoundTrip() throws Exception {
    JobEvent event = new JobEvent(JobEventType.JOB_FAILED, Snapshots.full());

    String json = mapper.writeValueAsString(event);

    assertThat(json).isEqualTo(JobJson.write(event));
    assertThat(mapper.readValue(json, JobEvent.class)).isEqualTo(event);
  }

  @Test
  void snapshotsInsideTheHostsTypesRoundTrip() throws Exception {
    Page page = new Page("c-2", List.of(Snapshots.full(), Snapshots.minimal()),
        new JobEvent(JobEventType.PROGRESS, Snapshots.minimal()));

    String json = mapper.writeValueAsString(page);

    assertThat(mapper.readValue(json, Page.class)).isEqualTo(page);
    assertThat(mapper.readTree(json).get("jobs").get(0).get("result").get("price").decimalValue())
        .isEqualByComparingTo("1.10");
    Map<String, JobSnapshot> byId = Map.of("a", Snapshots.full());
    assertThat(mapper.<Map<String, JobSnapshot>>readValue(mapper.writeValueAsString(byId),
        new TypeReference<Map<String, JobSnapshot>>() {})).isEqualTo(byId);
  }

  @Test
  void convertsThroughTokenBuffersAndTrees() {
    JobSnapshot s = SnapshotBuilder.from(Snapshots.full()).result("{\"a\":[1,2.5,\"x\"],\"b\":null}").build();

    assertThat(mapper.convertValue(s, JobSnapshot.class)).isEqualTo(s);
    JsonNode tree = mapper.valueToTree(s);
    assertThat(tree.get("result").get("a").get(0).isIntegralNumber()).isTrue();
    assertThat(mapper.convertValue(tree, JobSnapshot.class)).isEqualTo(s);
  }

  @Test
  void followsTheHostsPrettyPrinting() throws Exception {
    String pretty = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Snapshots.full());

    assertThat(pretty).contains("\n");
    assertThat(mapper.readValue(pretty, JobSnapshot.class)).isEqualTo(Snapshots.full());
  }

  @Test
  void badInputIsAMappingErrorNamingTheField() {
    String json = JobJson.write(Snapshots.minimal()).replace("\"queued\"", "\"runing\"");

    assertThatThrownBy(() -> mapper.readValue(json, JobSnapshot.class))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageStartingWith("field 'status': unknown job status 'runing'")
        .hasCauseInstanceOf(JobJsonException.class);
    assertThatThrownBy(() -> mapper.readValue("{\"cursor\":null,\"jobs\":[" + json + "]}", Page.class))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageContaining("field 'status': unknown job status 'runing'");
  }

  @Test
  void unwritableSnapshotIsAMappingError() {
    JobSnapshot s = SnapshotBuilder.job()
        .addStep(new StepSnapshot("a", Double.POSITIVE_INFINITY, StepStatus.PENDING, 0, null, null, null, null,
            null, null))
        .build();

    assertThatThrownBy(() -> mapper.writeValueAsString(s))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageContaining("field 'steps[0].weight'");
  }

  @Test
  void registeringTwiceIsHarmless() throws Exception {
    ObjectMapper twice = new ObjectMapper().registerModule(new HeadwayJsonModule())
        .registerModule(new HeadwayJsonModule());

    assertThat(twice.readValue(twice.writeValueAsString(Snapshots.full()), JobSnapshot.class))
        .isEqualTo(Snapshots.full());
  }
}
