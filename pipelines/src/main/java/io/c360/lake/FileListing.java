package io.c360.lake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Every file under a folder, recursively, with its size and time. On an object store (S3A) one flat
 * listing, as {@link FileSystem#listFiles} pages it. On the local file system a walk of
 * {@link FileSystem#listStatus}: Hadoop's {@code listFiles} there builds each file's
 * {@code LocatedFileStatus} from its permissions, which without Hadoop's native library it reads by
 * running {@code ls} once per file, about 13 ms each (1,085 files took 14 s against 0.09 s walked).
 */
public final class FileListing {
  private FileListing() {}

  /** The files under {@code dir} (none if it does not exist), in no particular order. */
  public static List<FileStatus> files(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      walk(fs, dir, out);
    } else {
      RemoteIterator<? extends FileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }

  private static void walk(FileSystem fs, Path dir, List<FileStatus> out) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.isDirectory()) {
        walk(fs, s.getPath(), out);
      } else {
        out.add(s);
      }
    }
  }
}
