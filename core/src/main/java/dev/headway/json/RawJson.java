package dev.headway.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The job's result: JSON text held as a string, embedded in the wire form as a JSON value.
 *
 * <p>Values are copied token by token, so the output is compact whatever the input's layout; numbers are not
 * rounded through {@code double} ({@code 1.10} stays {@code 1.10}, big integers keep every digit).
 */
final class RawJson {
  private RawJson() {}

  /**
   * Checks that text is exactly one JSON value.
   *
   * @param field the field's path, for the message
   * @param json the text
   * @throws JobJsonException naming the field when it is not
   */
  static void check(String field, String json) {
    try (JsonParser p = JobJson.FACTORY.createParser(json)) {
      if (p.nextToken() == null) {
        throw new JobJsonException(field, "empty JSON text; a job without a result has a null result", null);
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new JobJsonException(field, "more than one JSON value", null);
      }
    } catch (JsonProcessingException e) {
      throw new JobJsonException(field, "not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes JSON text, already {@linkplain #check checked}, to a generator as a value.
   *
   * @param json one JSON value
   * @param g where to write it
   * @throws IOException when the generator fails
   */
  static void write(String json, JsonGenerator g) throws IOException {
    try (JsonParser p = JobJson.FACTORY.createParser(json)) {
      p.nextToken();
      copyValue(p, g);
    }
  }

  /**
   * Reads the value the parser is on as compact JSON text, leaving the parser on the value's last token.
   *
   * @param p a parser on the first token of a value
   * @return the value as JSON text
   * @throws IOException when the parser fails
   */
  static String read(JsonParser p) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JobJson.FACTORY.createGenerator(out)) {
      copyValue(p, g);
    }
    return out.toString();
  }

  private static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
    int depth = 0;
    while (true) {
      JsonToken t = p.currentToken();
      if (t == null) {
        throw new JobJsonException(null, "malformed JSON: the input ends inside the result", null);
      }
      if (t.isStructStart()) {
        depth++;
      } else if (t.isStructEnd()) {
        depth--;
      }
      if (t == JsonToken.VALUE_NUMBER_FLOAT) {
        g.writeNumber(p.getText()); // the exact text: no rounding through double, no 1.10 -> 1.1
      } else {
        g.copyCurrentEvent(p);
      }
      if (depth == 0) {
        return;
      }
      p.nextToken();
    }
  }
}
