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
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists a source's landed files (recursively, by the source's file-name glob, gzip variants
 * included: {@link LandedName}) on any Hadoop file system.
 */
final class LandingFiles {
  /**
   * @param files the source's files, sorted by path; one compressed in a way nothing here reads
   *     carries that as its problem
   * @param notMatched other files in the source's folder (not hidden), which are not read
   */
  record Listing(List<IngestPlan.LandedFile> files, List<String> notMatched) {}

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
    return listing(landing, source, hadoop).files();
  }

  static Listing listing(String landing, SourceConfig source, Configuration hadoop) {
    Path dir = new Path(source.folder(landing));
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source.files());
    List<IngestPlan.LandedFile> out = new ArrayList<>();
    List<String> notMatched = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      for (FileStatus f : FileListing.files(fs, dir)) {
        String name = f.getPath().getName();
        String below = f.getPath().toUri().getPath().substring(dir.toUri().getPath().length());
        if (below.contains("/_") || below.contains("/.") || name.startsWith(".") || name.startsWith("_")) {
          continue; // hidden or in-progress output (_temporary, .staging), as Spark and Hadoop skip them
        }
        LandedName.Verdict verdict = LandedName.of(name, matcher);
        if (verdict == LandedName.Verdict.NOT_MATCHED) {
          notMatched.add(f.getPath().toString());
          continue;
        }
        Optional<String> problem = verdict == LandedName.Verdict.NOT_DECOMPRESSED
            ? Optional.of(LandedName.notDecompressed(name)) : Optional.empty();
        out.add(new IngestPlan.LandedFile(f.getPath().toString(), f.getLen(), f.getModificationTime(),
            Optional.empty(), problem));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list landing folder " + dir, e);
    }
    out.sort(Comparator.comparing(IngestPlan.LandedFile::path));
    notMatched.sort(Comparator.naturalOrder());
    return new Listing(List.copyOf(out), List.copyOf(notMatched));
  }
}
