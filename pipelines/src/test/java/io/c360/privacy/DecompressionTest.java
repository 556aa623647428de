package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecompressionTest {
  @TempDir
  Path dir;

  private final Configuration hadoop = new Configuration();
  private final TraceMatcher ann = TraceMatcher.builder().value("ann@x.com", "R1 email").build();

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void aTruncatedGzipIsUnreadableButWhatItHoldsBeforeTheCutIsSearched() throws Exception {
    StringBuilder lines = new StringBuilder("{\"email\":\"ann@x.com\"}\n");
    for (int i = 0; i < 2_000; i++) {
      lines.append("{\"email\":\"someone").append(i).append("@y.com\",\"n\":").append(i).append("}\n");
    }
    byte[] whole = gzip(lines.toString());
    Path cut = dir.resolve("cut.json.gz");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    assertThat(Decompression.problem(cut.toString(), hadoop)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("truncated: ").doesNotContain("ann"));
    assertThat(Decompression.searchReadablePart(cut.toString(), hadoop, ann)).containsExactly("R1 email");

    Path notGzip = dir.resolve("bad.json.gz");
    Files.writeString(notGzip, "{\"email\":\"ann@x.com\"}\n");
    assertThat(Decompression.problem(notGzip.toString(), hadoop)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("cannot be decompressed: "));
    assertThat(Decompression.searchReadablePart(notGzip.toString(), hadoop, ann)).isEmpty();

    Path fine = dir.resolve("fine.json.gz");
    Files.write(fine, whole);
    assertThat(Decompression.problem(fine.toString(), hadoop)).isEmpty();
    assertThat(Decompression.problem(dir.resolve("plain.json").toString(), hadoop)).isEmpty();
  }
}
