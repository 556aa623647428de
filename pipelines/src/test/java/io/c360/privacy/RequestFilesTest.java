package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.config.Project;
import io.c360.testing.TestLakehouses;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Erasure request files dropped in the intake folder: CSV and JSON, and their errors. */
class RequestFilesTest {
  private final Project project = Project.load(TestLakehouses.conf());
  private final RequestFiles files = new RequestFiles(project.identity(), project.privacy());
  private final Instant written = Instant.parse("2026-11-02T08:00:00Z");

  @Test
  void csvRowsOfOneRequestAreOneRequest() {
    List<ErasureRequest> r = files.parse("requests.csv", """
        request_id,regulation,received_at,id
        R-1,gdpr,2026-11-01T10:00:00Z,email:Jane@Example.com
        R-1,gdpr,2026-11-01T10:00:00Z,phone:+44 7911 123456
        R-2,ccpa,,user_id:u_42
        """, written);
    assertThat(r).hasSize(2);
    assertThat(r.get(0).requestId()).isEqualTo("R-1");
    assertThat(r.get(0).identifiers()).extracting(Object::toString)
        .containsExactly("email:jane@example.com", "phone:+447911123456");
    assertThat(r.get(0).dueAt(project.privacy())).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(r.get(1).receivedAt()).isEqualTo(written);
    assertThat(r.get(1).dueAt(project.privacy())).isEqualTo(Instant.parse("2026-12-17T08:00:00Z"));
    assertThat(r.get(1).origin()).isEqualTo("intake");
  }

  @Test
  void jsonLinesOrAnArray() {
    String line = "{\"request_id\":\"R-3\",\"regulation\":\"gdpr\",\"ids\":[\"email:a@b.com\",\"user_id:u_1\"]}";
    assertThat(files.parse("a.json", line + "\n", written).get(0).identifiers()).hasSize(2);
    assertThat(files.parse("b.json", "[" + line + "]", written).get(0).requestId()).isEqualTo("R-3");
  }

  @Test
  void errorsNameTheFileAndLine() {
    assertThatThrownBy(() -> files.parse("r.csv", "request_id,regulation,id\nR-1,lgpd,email:a@b.com\n", written))
        .hasMessage("r.csv: line 2: regulation: expected one of gdpr, ccpa but was 'lgpd'");
    assertThatThrownBy(() -> files.parse("r.csv", "request_id,regulation,id\nR 1,gdpr,email:a@b.com\n", written))
        .hasMessage("r.csv: line 2: a request id is 1 to 64 letters, digits, '.', '_', ':' or '-' (starting with a "
            + "letter or digit), but was 'R 1'");
    assertThatThrownBy(() -> files.parse("r.csv", "request_id,regulation\nR-1,gdpr\n", written))
        .hasMessage("r.csv: line 1: the header has no column id (expected request_id,regulation,received_at,id)");
    assertThatThrownBy(() -> files.parse("r.csv", "request_id,regulation,id\nR-1,gdpr,fax:123\n", written))
        .hasMessageStartingWith("r.csv: line 2: id: unknown identifier type fax");
    assertThatThrownBy(() -> files.parse("r.csv", "request_id,regulation,id\nR-1,gdpr,email:jane.at.example\n", written))
        .hasMessage("r.csv: line 2: id: not a valid email");
    assertThatThrownBy(() -> files.parse("r.json", "{\"request_id\":\"R-1\",\"regulation\":\"gdpr\"}\n", written))
        .hasMessage("r.json: line 1: ids: expected a list of type:value, e.g. [\"email:jane@example.com\"]");
    assertThatThrownBy(() -> files.parse("r.json", "{\"ids\": [\"email:jane@x.com\"\n", written))
        .hasMessageStartingWith("r.json: not valid JSON at line ").message().doesNotContain("jane");
    assertThatThrownBy(() -> files.parse("r.txt", "", written))
        .hasMessage("r.txt: an erasure request file is .csv or .json");
  }
}
