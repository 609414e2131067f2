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
    add(this, Codec.SNAPSHOT);
    add(this, Codec.EVENT);
  }

  private static <T> void add(SimpleModule module, Codec<T> codec) {
    module.addSerializer(codec.type, new Serializer<>(codec));
    module.addDeserializer(codec.type, new Deserializer<>(codec));
  }

  /** Writes a value with the same writer as {@link JobJson}. */
  private static final class Serializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Codec<T> codec;

    Serializer(Codec<T> codec) {
      super(codec.type);
      this.codec = codec;
    }

    @Override
    public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
      try {
        codec.writer.write(value, g);
      } catch (JobJsonException e) {
        throw JsonMappingException.from(provider, e.getMessage(), e);
      }
    }
  }

  /** Reads a value with the same reader as {@link JobJson}. */
  private static final class Deserializer<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Codec<T> codec;

    Deserializer(Codec<T> codec) {
      super(codec.type);
      this.codec = codec;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext context) throws IOException {
      try {
        return codec.reader.read(p);
      } catch (JobJsonException e) {
        throw JsonMappingException.from(p, e.getMessage(), e);
      }
    }
  }
}
