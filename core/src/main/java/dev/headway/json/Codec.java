package dev.headway.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.headway.JobEvent;
import dev.headway.JobSnapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One wire type's streaming writer and reader, and the ways to run them over text, bytes, or a Jackson stream
 * that {@link JobJson} and {@link HeadwayJsonModule} share.
 *
 * @param <T> the value type
 */
final class Codec<T> {
  /** Writes one value to a generator. */
  @FunctionalInterface
  interface Writer<T> {
    void write(T value, JsonGenerator g) throws IOException;
  }

  /** Reads one value from a parser, leaving it on the value's last token. */
  @FunctionalInterface
  interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  /** Opens a parser on some input. */
  @FunctionalInterface
  interface Source {
    JsonParser open() throws IOException;
  }

  static final Codec<JobSnapshot> SNAPSHOT = new Codec<>(JobSnapshot.class, "job snapshot",
      SnapshotWriter::writeSnapshot, p -> SnapshotReader.readSnapshot(p, ""));
  static final Codec<JobEvent> EVENT = new Codec<>(JobEvent.class, "job event",
      SnapshotWriter::writeEvent, SnapshotReader::readEvent);

  final Class<T> type;
  private final String what;
  final Writer<T> writer;
  final Reader<T> reader;

  private Codec(Class<T> type, String what, Writer<T> writer, Reader<T> reader) {
    this.type = type;
    this.what = what;
    this.writer = writer;
    this.reader = reader;
  }

  String toText(T value) {
    Objects.requireNonNull(value, what);
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator g = JobJson.FACTORY.createGenerator(out)) {
      writer.write(value, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  byte[] toBytes(T value) {
    Objects.requireNonNull(value, what);
    try (ByteArrayBuilder out = new ByteArrayBuilder(1024)) {
      try (JsonGenerator g = JobJson.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
        writer.write(value, g);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a whole document: one value and nothing after it but white space. */
  T readWhole(Object input, Source source) {
    Objects.requireNonNull(input, "json");
    try (JsonParser p = source.open()) {
      T value = reader.read(p);
      if (p.nextToken() != null) {
        throw new JobJsonException(null, "unexpected content after the " + what, null);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw SnapshotReader.malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one value from a stream the caller owns. */
  T readFrom(JsonParser parser) throws IOException {
    Objects.requireNonNull(parser, "parser");
    try {
      return reader.read(parser);
    } catch (JsonProcessingException e) {
      throw SnapshotReader.malformed(e);
    }
  }
}
