package io.c360.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.IdentifierTypes;
import io.c360.config.SourceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentCheckTest {
  @TempDir
  Path dir;

  private SourceConfig csv(String options) throws IOException {
    Path f = dir.resolve("crm.yaml");
    Files.writeString(f, "kind: csv\nkey: id\nschema: {id: string, email: string}\noptions: " + options + "\n");
    return SourceConfig.load(f, new IdentifierTypes(List.of("email")));
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void aDeepCheckDecompressesGzipToItsEnd() throws IOException {
    ContentCheck check = new ContentCheck(csv("{header: 'false'}"), true);
    byte[] whole = gzip("id,email\n1,a@x.com\n".repeat(100));
    assertThat(check.problem("a.csv.gz", whole)).isEmpty();
    assertThat(check.problem("a.csv.gz", Arrays.copyOf(whole, whole.length - 9)))
        .contains("truncated gzip: the file ends before its compressed data does");
    assertThat(check.problem("a.csv.gz", "id,email\n".getBytes(StandardCharsets.UTF_8)))
        .get().asString().startsWith("corrupt gzip: ");
    // The everyday check leaves that to the parse (a failed batch asks for the deep one).
    assertThat(new ContentCheck(csv("{header: 'false'}"), false).problem("a.csv.gz", Arrays.copyOf(whole, whole.length - 9)))
        .isEmpty();
  }

  @Test
  void csvHeaderMustNameTheDeclaredColumnsInOrder() throws IOException {
    ContentCheck check = new ContentCheck(csv("{delimiter: ';'}"), false);
    assertThat(check.problem("a.csv", "\uFEFF\"ID\";Email\n1;a@x.com\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(check.problem("a.csv", "email;id\n".getBytes(StandardCharsets.UTF_8))).contains(
        "CSV header does not match the declared schema: expected id,email; found 2 columns, the first that differs is"
            + " column 1");
    // A file landed without a header: the problem does not quote its first line, a record.
    assertThat(check.problem("a.csv", "1;a@x.com;extra\n".getBytes(StandardCharsets.UTF_8))).contains(
        "CSV header does not match the declared schema: expected id,email; found 3 columns, the first that differs is"
            + " column 1");
    assertThat(check.problem("a.csv", "id\n".getBytes(StandardCharsets.UTF_8))).contains(
        "CSV header does not match the declared schema: expected id,email; found 1 column, the first that differs is"
            + " column 2");
    assertThat(new ContentCheck(csv("{header: 'false'}"), false).problem("a.csv", "1;a\n".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }
}
