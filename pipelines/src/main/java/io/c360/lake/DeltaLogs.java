package io.c360.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether a Delta table folder holds a table: its {@code _delta_log} has at least one commit or
 * checkpoint. A writer stopped between creating the log folder and its first commit (a full disk, a
 * killed process) leaves a log without one; Delta refuses to register such a folder as a table.
 */
final class DeltaLogs {
  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.(json|checkpoint(\\..+)?\\.parquet)");

  private DeltaLogs() {}

  static boolean committed(Configuration hadoop, String tableLocation) {
    Path log = new Path(tableLocation, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(hadoop);
      if (!fs.exists(log)) {
        return false;
      }
      for (FileStatus f : fs.listStatus(log)) {
        if (f.isFile() && isCommit(f.getPath().getName())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + log, e);
    }
  }

  /** A commit ({@code 00000000000000000000.json}) or a checkpoint, single or multi-part. */
  static boolean isCommit(String name) {
    return COMMIT.matcher(name).matches();
  }
}
