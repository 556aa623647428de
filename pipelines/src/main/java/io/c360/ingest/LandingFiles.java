package io.c360.ingest;

import io.c360.config.SourceConfig;
import io.c360.lake.FileListing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/** Lists a source's landed files (recursively, by the source's file-name glob) on any Hadoop file system. */
final class LandingFiles {
  private LandingFiles() {}

  /** Whether the source's folder under {@code landing} exists (a missing one lists no files). */
  static boolean folderExists(String landing, SourceConfig source, Configuration hadoop) {
    Path dir = new Path(source.folder(landing));
    try {
      return dir.getFileSystem(hadoop).getFileStatus(dir).isDirectory();
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at landing folder " + dir, e);
    }
  }

  static List<IngestPlan.LandedFile> list(String landing, SourceConfig source, Configuration hadoop) {
    Path dir = new Path(source.folder(landing));
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source.files());
    List<IngestPlan.LandedFile> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      for (FileStatus f : FileListing.files(fs, dir)) {
        String name = f.getPath().getName();
        String below = f.getPath().toUri().getPath().substring(dir.toUri().getPath().length());
        if (below.contains("/_") || below.contains("/.") || name.startsWith(".") || name.startsWith("_")) {
          continue; // hidden or in-progress output (_temporary, .staging), as Spark and Hadoop skip them
        }
        if (matcher.matches(java.nio.file.Path.of(name))) {
          out.add(new IngestPlan.LandedFile(f.getPath().toString(), f.getLen(), f.getModificationTime(),
              java.util.Optional.empty(), java.util.Optional.empty()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list landing folder " + dir, e);
    }
    out.sort(Comparator.comparing(IngestPlan.LandedFile::path));
    return out;
  }
}
