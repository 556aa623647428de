package io.c360.privacy;

import io.c360.config.Project;
import io.c360.config.SourceConfig;
import io.c360.config.SourceKind;
import io.c360.ingest.LandingLedger;
import io.c360.lake.Lakehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The proof of an erasure: every file under the lakehouse (tables' data files, change data, the
 * Delta log and its checkpoints, Iceberg metadata, manifests and data), every landed file of every
 * source and every export, searched for every form of the people's identifiers. Reads files, not
 * tables: a row a table no longer shows but a file still holds is found.
 */
final class TraceScan {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TraceScan.class);
  private final Lakehouse lake;
  private final Project project;

  TraceScan(Lakehouse lake, Project project) {
    this.lake = lake;
    this.project = project;
  }

  /** The files holding a form, with the labels found there, and the files that could not be read. */
  FileTraces.Found scan(TraceMatcher matcher) {
    long start = System.nanoTime();
    Configuration hadoop = lake.spark().sparkContext().hadoopConfiguration();
    List<String> files = new ArrayList<>(FileTraces.list(lake.env().lakehouse(), hadoop));
    for (SourceConfig s : project.sources().values()) {
      if (s.kind() != SourceKind.JDBC) {
        files.addAll(LandingLedger.files(lake.env().landing(), s, hadoop));
      }
    }
    FileTraces.list(lake.env().exports(), hadoop).stream()
        .filter(f -> !f.substring(f.lastIndexOf('/') + 1).startsWith(".")).forEach(files::add);
    long listed = System.nanoTime();
    FileTraces.Found found = new FileTraces(lake.spark(), matcher).search(files);
    LOG.info("verification listed {} files in {} s, searched them in {} s", files.size(),
        String.format(java.util.Locale.ROOT, "%.1f", (listed - start) / 1e9),
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - listed) / 1e9));
    return found;
  }
}
