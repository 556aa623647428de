package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Landing files rewritten without a person's records, every other byte kept. */
class FileRewriterTest {
  @TempDir
  Path dir;

  private final FileRewriter rewriter = new FileRewriter(new Configuration());
  private final TraceMatcher ann = TraceMatcher.builder().value("ann@x.com", "R1 email").build();
  private final FileRewriter.Format plain = new FileRewriter.Format(StandardCharsets.UTF_8, false, Map.of());

  @Test
  void csvLinesHoldingThePersonGoAndTheRestStaysByteForByte() throws Exception {
    Path f = dir.resolve("contacts.csv");
    Files.writeString(f, "id,email,note\r\nC-1,joann@x.com,\"5\\\" screen\"\r\nC-2,ANN@X.COM,hi\r\nC-3,b@y.com,ok\r\n");
    FileRewriter.Result r = rewriter.rewrite(f.toString(), ann, plain);
    assertThat(r).isEqualTo(new FileRewriter.Result(2, 1, java.util.Optional.of(sha256(f))));
    assertThat(Files.readString(f)).isEqualTo("id,email,note\r\nC-1,joann@x.com,\"5\\\" screen\"\r\nC-3,b@y.com,ok\r\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("contacts.csv");
    }
  }

  @Test
  void aCsvWithoutAHeaderLosesTheFirstLineWhenItIsThePersonsAndKeysGoByTheDeclaredColumns() throws Exception {
    Path f = dir.resolve("orders.csv");
    Files.writeString(f, "ORD-1,ann@x.com,12.50\nORD-2,b@y.com,3.00\nORD-3,c@z.com,1.00\n");
    FileRewriter.Format declared = new FileRewriter.Format(StandardCharsets.UTF_8, false,
        Map.of("order_id", Set.of("ORD-3")), List.of("order_id", "email", "amount"));
    assertThat(rewriter.rewrite(f.toString(), ann, declared)).isEqualTo(
        new FileRewriter.Result(1, 2, java.util.Optional.of(sha256(f))));
    assertThat(Files.readString(f)).isEqualTo("ORD-2,b@y.com,3.00\n");

    // Its first line holds none of the person's identifiers, only their order's key: it goes too.
    Path items = dir.resolve("items.csv");
    Files.writeString(items, "1042,1,2\n77,1,1042\n1042,2,1\n");
    FileRewriter.Format itemColumns = new FileRewriter.Format(StandardCharsets.UTF_8, false,
        Map.of("order_id", Set.of("1042")), List.of("order_id", "line_number", "quantity"));
    assertThat(rewriter.rewrite(items.toString(), ann, itemColumns).dropped()).isEqualTo(2);
    assertThat(Files.readString(items)).isEqualTo("77,1,1042\n");
    // A header that names the declared columns (case and quotes aside) stays a header.
    Path named = dir.resolve("named.csv");
    Files.writeString(named, "\"ORDER_ID\",Line_Number,quantity\n1042,1,2\n77,1,1\n");
    assertThat(rewriter.rewrite(named.toString(), ann, itemColumns).dropped()).isEqualTo(1);
    assertThat(Files.readString(named)).isEqualTo("\"ORDER_ID\",Line_Number,quantity\n77,1,1\n");
  }

  @Test
  void aMultiLineCsvRecordGoesWhole() throws Exception {
    Path f = dir.resolve("notes.csv");
    Files.writeString(f, "id,email,note\nC-1,ann@x.com,\"two\nlines\"\nC-2,b@y.com,x\n");
    rewriter.rewrite(f.toString(), ann, new FileRewriter.Format(StandardCharsets.UTF_8, true, Map.of()));
    assertThat(Files.readString(f)).isEqualTo("id,email,note\nC-2,b@y.com,x\n");
  }

  @Test
  void orderLinesGoByTheirKeyColumnNotByAnyMatchingToken() throws Exception {
    Path f = dir.resolve("items.csv");
    Files.writeString(f, "order_id,line_number,quantity\n1042,1,2\n77,1,1042\n");
    FileRewriter.Format byKey = new FileRewriter.Format(StandardCharsets.UTF_8, false, Map.of("order_id", Set.of("1042")));
    assertThat(rewriter.rewrite(f.toString(), ann, byKey).dropped()).isEqualTo(1);
    assertThat(Files.readString(f)).isEqualTo("order_id,line_number,quantity\n77,1,1042\n");
    Path json = dir.resolve("changes.json");
    Files.writeString(json, "{\"order_id\":\"1042\",\"x\":1}\n{\"order_id\":\"77\",\"qty\":1042}\n");
    rewriter.rewrite(json.toString(), ann, byKey);
    assertThat(Files.readString(json)).isEqualTo("{\"order_id\":\"77\",\"qty\":1042}\n");
  }

  @Test
  void linesLongerThanTheReadBufferAndAnUnterminatedLastLineAreKeptWhole() throws Exception {
    Path f = dir.resolve("events.json");
    String longLine = "{\"note\":\"" + "x".repeat(70_000) + "\"}\r\n";
    String ann = "{\"email\":\"ann@x.com\",\"pad\":\"" + "y".repeat(65_530) + "\"}\n";
    Files.writeString(f, longLine + ann + "{\"email\":\"b@y.com\"}\n" + longLine + "{\"last\":1}");
    FileRewriter.Result r = rewriter.rewrite(f.toString(), this.ann, plain);
    assertThat(r.kept()).isEqualTo(4);
    assertThat(r.dropped()).isEqualTo(1);
    assertThat(Files.readString(f)).isEqualTo(longLine + "{\"email\":\"b@y.com\"}\n" + longLine + "{\"last\":1}");
  }

  /** Writes {@code text} gzipped to {@code f}; returns the bytes written. */
  private static byte[] gzip(Path f, String text) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Files.write(f, bytes.toByteArray());
    return bytes.toByteArray();
  }

  @Test
  void aCountDropsWhatARewriteWouldAndWritesNothing() throws Exception {
    Path f = dir.resolve("orders.csv.gz");
    byte[] bytes = gzip(f, "ORD-1,ann@x.com,12.50\nORD-2,b@y.com,3.00\nORD-3,c@z.com,1.00\n");
    FileRewriter.Format declared = new FileRewriter.Format(StandardCharsets.UTF_8, false,
        Map.of("order_id", Set.of("ORD-3")), List.of("order_id", "email", "amount"));
    long modified = Files.getLastModifiedTime(f).toMillis();
    Thread.sleep(20);
    assertThat(rewriter.count(f.toString(), ann, declared)).isEqualTo(new FileRewriter.Result(1, 2));
    assertThat(Files.readAllBytes(f)).isEqualTo(bytes);
    assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(modified);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("orders.csv.gz");
    }
    assertThat(rewriter.rewrite(f.toString(), ann, declared).dropped()).isEqualTo(2);
  }

  @Test
  void gzipStaysGzipAndAFileWithoutThePersonIsNotTouched() throws Exception {
    Path f = dir.resolve("events.json.gz");
    gzip(f, "{\"email\":\"ann@x.com\"}\n{\"email\":\"b@y.com\"}\n");
    // The checksum is the compressed file's, as the ledger takes it of a landed file.
    assertThat(rewriter.rewrite(f.toString(), ann, plain).sha256()).contains(sha256(f));
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(f))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"email\":\"b@y.com\"}\n");
    }
    long modified = Files.getLastModifiedTime(f).toMillis();
    Thread.sleep(20);
    FileRewriter.Result untouched = rewriter.rewrite(f.toString(), ann, plain);
    assertThat(untouched.dropped()).isZero();
    assertThat(untouched.sha256()).as("nothing written, nothing to record").isEmpty();
    assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(modified);
  }

  @Test
  void aRewriteStoppedBetweenDeleteAndRenameIsFinishedAndAStaleTempIsDropped() throws Exception {
    Files.writeString(dir.resolve(".a.csv" + FileRewriter.TEMP_SUFFIX), "id\n1\n"); // a.csv already deleted
    Files.writeString(dir.resolve("b.csv"), "id\n2\n");
    Files.writeString(dir.resolve(".b.csv" + FileRewriter.TEMP_SUFFIX), "id\n"); // stopped before the delete
    rewriter.recover(dir.toString());
    assertThat(Files.readString(dir.resolve("a.csv"))).isEqualTo("id\n1\n");
    assertThat(Files.readString(dir.resolve("b.csv"))).isEqualTo("id\n2\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(".a.csv" + FileRewriter.TEMP_SUFFIX,
          ".b.csv" + FileRewriter.TEMP_SUFFIX);
    }
  }

  /** The file's SHA-256 in hex, read from disk. */
  private static String sha256(Path f) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(f)));
  }
}
