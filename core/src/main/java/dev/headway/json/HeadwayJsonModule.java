package dev.headway.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.headway.JobEvent;
import dev.headway.JobSnapshot;
import java.io.IOException;

/**
 * Teaches a Jackson {@code ObjectMapper} the wire form of {@link JobSnapshot} and {@link JobEvent}, the same form
 * {@link JobJson} writes and reads.
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper().registerModule(new HeadwayJsonModule());
 * String json = mapper.writeValueAsString(snapshot);
 * JobSnapshot back = mapper.readValue(json, JobSnapshot.class);
 * }</pre>
 *
 * <p>Snapshots and events may also sit inside the host's own types ({@code List<JobSnapshot>}, a field of a
 * response record). A value that is not a valid snapshot or event is reported as a {@link JsonMappingException}
 * whose message names the field, with the {@link JobJsonException} as its cause.
 */
public final class HeadwayJsonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** Creates the module. */
  public HeadwayJsonModule() {
    super(HeadwayJsonModule.class.getName());
    addSerializer(JobSnapshot.class, new SnapshotSerializer());
    addDeserializer(JobSnapshot.class, new SnapshotDeserializer());
    addSerializer(JobEvent.class, new EventSerializer());
    addDeserializer(JobEvent.class, new EventDeserializer());
  }

  /** Writes a snapshot with {@link JobJson#write(JobSnapshot, JsonGenerator)}. */
  private static final class SnapshotSerializer extends StdSerializer<JobSnapshot> {
    private static final long serialVersionUID = 1L;

    SnapshotSerializer() {
      super(JobSnapshot.class);
    }

    @Override
    public void serialize(JobSnapshot value, JsonGenerator g, SerializerProvider provider) throws IOException {
      try {
        SnapshotWriter.writeSnapshot(value, g);
      } catch (JobJsonException e) {
        throw JsonMappingException.from(provider, e.getMessage(), e);
      }
    }
  }

  /** Writes an event with {@link JobJson#write(JobEvent, JsonGenerator)}. */
  private static final class EventSerializer extends StdSerializer<JobEvent> {
    private static final long serialVersionUID = 1L;

    EventSerializer() {
      super(JobEvent.class);
    }

    @Override
    public void serialize(JobEvent value, JsonGenerator g, SerializerProvider provider) throws IOException {
      try {
        SnapshotWriter.writeEvent(value, g);
      } catch (JobJsonException e) {
        throw JsonMappingException.from(provider, e.getMessage(), e);
      }
    }
  }

  /** Reads a snapshot with the same reader as {@link JobJson#read(JsonParser)}. */
  private static final class SnapshotDeserializer extends StdDeserializer<JobSnapshot> {
    private static final long serialVersionUID = 1L;

    SnapshotDeserializer() {
      super(JobSnapshot.class);
    }

    @Override
    public JobSnapshot deserialize(JsonParser p, DeserializationContext context) throws IOException {
      try {
        return SnapshotReader.readSnapshot(p, "");
      } catch (JobJsonException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }

  /** Reads an event with the same reader as {@link JobJson#readEvent(JsonParser)}. */
  private static final class EventDeserializer extends StdDeserializer<JobEvent> {
    private static final long serialVersionUID = 1L;

    EventDeserializer() {
      super(JobEvent.class);
    }

    @Override
    public JobEvent deserialize(JsonParser p, DeserializationContext context) throws IOException {
      try {
        return SnapshotReader.readEvent(p);
      } catch (JobJsonException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }
}
