package io.c360.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;

/**
 * Whether a line is exactly one JSON object as RFC 8259 writes it. Spark's JSON reader is lenient:
 * it takes single-quoted strings, ignores what follows the first object on a line, and keeps the
 * last of two values under one key; a record so written is quarantined, not half read.
 */
final class StrictJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private StrictJson() {}

  /** Why {@code line} is not one strict JSON object, or null when it is. */
  static String problem(String line) {
    if (line == null) {
      return null;
    }
    boolean objectRead = false;
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "malformed JSON: expected one JSON object per line";
      }
      p.skipChildren(); // reads the whole object, duplicate keys checked at every level
      objectRead = true;
      if (p.nextToken() != null) {
        return "malformed JSON: more after the object on the same line";
      }
      return null;
    } catch (JsonParseException e) {
      if (objectRead) {
        return "malformed JSON: more after the object on the same line";
      }
      String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      if (m.startsWith("Duplicate field")) {
        return "malformed JSON: a key appears twice in one object";
      }
      if (m.contains("(''')") || m.contains("code 39")) {
        return "malformed JSON: single quotes where JSON needs double quotes";
      }
      return "malformed JSON";
    } catch (IOException e) {
      return "malformed JSON";
    }
  }
}
