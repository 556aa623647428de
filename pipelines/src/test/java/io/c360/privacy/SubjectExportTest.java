package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A row of a subject access export as a person reads it. No Spark. */
class SubjectExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void internalColumnsAreLeftOutAndJsonTextIsNested() throws Exception {
    JsonNode row = JSON.readTree("""
        {"source": "web_events", "reason": "not valid JSON",
         "record": "{\\"userId\\": \\"u1\\", \\"traits\\": {\\"email\\": \\"a@x.com\\"}}",
         "note": "{not json}", "_batch_id": 3, "_raw": "{\\"a\\": 1}"}
        """);

    JsonNode readable = SubjectExport.readable(row, false);

    assertThat(readable.fieldNames()).toIterable().containsExactly("source", "reason", "record", "note");
    assertThat(readable.path("record").path("traits").path("email").asText()).isEqualTo("a@x.com");
    assertThat(readable.path("note").asText()).isEqualTo("{not json}");
    assertThat(SubjectExport.readable(row, true).path("_raw").path("a").asInt()).isEqualTo(1);
  }
}
