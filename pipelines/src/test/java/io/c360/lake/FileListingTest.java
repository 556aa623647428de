package io.c360.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileListingTest {
  @TempDir
  Path dir;

  /**
   * The ledger names landed files by these paths: the walk must name, size and time every file
   * exactly as Hadoop's listFiles did, or the next ingest would take known files for new ones.
   */
  @Test
  void theLocalWalkFindsWhatListFilesFindsNamedTheSameWay() throws Exception {
    Files.createDirectories(dir.resolve("events/2026-10-01/_temporary"));
    Files.createDirectories(dir.resolve("events/empty"));
    Files.writeString(dir.resolve("events/2026-10-01/a.json"), "{}\n");
    Files.writeString(dir.resolve("events/2026-10-01/_temporary/part"), "x");
    Files.writeString(dir.resolve("events/b name.json"), "{}\n{}\n");
    Files.writeString(dir.resolve("top.csv"), "id\n");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toString());

    List<String> walked = describe(FileListing.files(fs, root));
    List<FileStatus> listed = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      listed.add(it.next());
    }
    assertThat(walked).hasSize(4).containsExactlyInAnyOrderElementsOf(describe(listed))
        .anyMatch(f -> f.startsWith("file:" + dir.resolve("events/b name.json") + " 6 "));
    assertThat(FileListing.files(fs, root.suffix("/missing"))).isEmpty();
  }

  private static List<String> describe(List<FileStatus> files) {
    return files.stream().map(f -> f.getPath() + " " + f.getLen() + " " + f.getModificationTime()
        + (f.isFile() ? "" : " not a file")).toList();
  }
}
