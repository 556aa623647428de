package io.c360.privacy;

import io.c360.config.PrivacyRules;
import io.c360.config.SourceConfig;
import io.c360.ingest.LandingLedger;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.c360.config.TableName;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The files outside the tables that hold the people: each source's landed files and the file
 * activations' exports. A file holding one of them is rewritten without their records, or deleted
 * when conf/privacy.yaml says {@code landing: delete} (exports are always rewritten). A rewritten
 * landing file gets a ledger entry, so the next ingest run knows it and does not read it again.
 */
final class LandingEraser {
  private final Lakehouse lake;
  private final PrivacyRules.LandingAction action;
  private final Configuration hadoop;

  LandingEraser(Lakehouse lake, PrivacyRules.LandingAction action) {
    this.lake = lake;
    this.action = action;
    this.hadoop = lake.spark().sparkContext().hadoopConfiguration();
  }

  /** One file changed: its path, what was done, the records dropped, the labels (request ids) found. */
  record Change(String path, String action, long recordsDropped, TreeSet<String> labels) {
    String describe() {
      return action + " " + path + (action.equals("rewritten") ? " (" + recordsDropped + " records dropped)" : "");
    }
  }

  /**
   * @param plan the people, their identifiers' forms and their keys (order ids)
   * @param viaTables the tables whose rows are found through a key: their sources' files are also
   *     searched for the keys, compared on the key column
   * @param runId the erasure's run, for the ledger
   */
  List<Change> erase(Collection<SourceConfig> sources, ErasurePlanner.Plan plan, Set<TableName> viaTables,
      String runId) {
    List<Change> out = new ArrayList<>();
    TraceMatcher identifiers = plan.combined(false);
    if (identifiers.isEmpty()) {
      return out;
    }
    FileRewriter rewriter = new FileRewriter(hadoop);
    for (SourceConfig source : sources) {
      if (source.kind() == io.c360.config.SourceKind.JDBC) {
        continue; // read from a database: nothing landed
      }
      boolean byKey = viaTables.contains(source.table());
      TraceMatcher search = byKey ? plan.combined(true) : identifiers;
      FileRewriter.Format format = new FileRewriter.Format(
          java.nio.charset.Charset.forName(source.options().getOrDefault("encoding", "UTF-8")),
          "true".equalsIgnoreCase(source.options().getOrDefault("multiLine", "false")),
          byKey ? plan.keyValues() : Map.of());
      rewriter.recover(lake.env().landing() + "/" + source.path());
      List<String> files = LandingLedger.files(lake.env().landing(), source, hadoop);
      List<String> rewritten = new ArrayList<>();
      for (Map.Entry<String, TreeSet<String>> hit : new FileTraces(lake.spark(), search).search(files).entrySet()) {
        String file = hit.getKey();
        if (action == PrivacyRules.LandingAction.DELETE) {
          delete(file);
          out.add(new Change(relative(file), "deleted", 0, hit.getValue()));
          continue;
        }
        FileRewriter.Result r = file.endsWith(".parquet") ? rewriter.rewriteParquet(lake.spark(), file, identifiers)
            : rewriter.rewrite(file, identifiers, format);
        if (r.dropped() > 0) {
          rewritten.add(file);
          out.add(new Change(relative(file), "rewritten", r.dropped(), hit.getValue()));
        }
      }
      // One ledger commit per source, not per file. A run killed before it leaves the rewritten files
      // unrecorded: the next ingest logs them as changed and does not read them again.
      LandingLedger.recordRewrites(lake, source, rewritten, runId, "rewritten by an erasure");
    }
    rewriter.recover(lake.env().exports());
    List<String> exports = FileTraces.list(lake.env().exports(), hadoop).stream()
        .filter(f -> !new Path(f).getName().startsWith(".") && !new Path(f).getName().startsWith("_")).toList();
    FileRewriter.Format utf8 = new FileRewriter.Format(java.nio.charset.StandardCharsets.UTF_8, false, Map.of());
    for (Map.Entry<String, TreeSet<String>> hit : new FileTraces(lake.spark(), identifiers).search(exports).entrySet()) {
      String file = hit.getKey();
      FileRewriter.Result r = file.endsWith(".parquet") ? rewriter.rewriteParquet(lake.spark(), file, identifiers)
          : rewriter.rewrite(file, identifiers, utf8);
      if (r.dropped() > 0) {
        out.add(new Change(relative(file), "rewritten", r.dropped(), hit.getValue()));
      }
    }
    return out;
  }

  private void delete(String file) {
    Path path = new Path(file);
    try {
      path.getFileSystem(hadoop).delete(path, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  /** A path under the landing zone or exports, as the erasure log shows it. */
  private String relative(String file) {
    for (String root : List.of(lake.env().landing(), lake.env().exports())) {
      String prefix = new Path(root).toUri().getPath();
      String path = new Path(file).toUri().getPath();
      if (path.startsWith(prefix + "/")) {
        return (root.equals(lake.env().landing()) ? "landing" : "exports") + path.substring(prefix.length());
      }
    }
    return file;
  }
}
