package dev.headway.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Checks that text is one complete JSON value, without building a tree. */
final class JsonText {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonText() {}

  static String requireValid(String field, String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        throw new IllegalArgumentException(field + " is empty; expected JSON");
      }
      parser.skipChildren();
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new IllegalArgumentException(field + " has text after the JSON value: " + trailing);
      }
      return text;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(field + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(field + " could not be read: " + e.getMessage(), e);
    }
  }
}
