package io.c360.privacy;

import io.c360.config.PrivacyRules;
import io.c360.config.SourceConfig;
import io.c360.ingest.LandingLedger;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import io.c360.config.TableName;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The files outside the tables that hold the people: each source's landed files and the file
 * activations' exports. A file holding one of them is rewritten without their records, or deleted
 * when conf/privacy.yaml says {@code landing: delete} (exports are always rewritten), a few files at
 * a time. A rewritten landing file gets a ledger entry, so the next ingest run knows it and does not
 * read it again.
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

  /**
   * One file changed: the file, its path as the erasure log shows it, what was done, the records
   * dropped, the labels (request ids) found, and a rewritten file's new SHA-256 when it was taken
   * while writing.
   */
  record Change(String file, String path, String action, long recordsDropped, TreeSet<String> labels,
      Optional<String> sha256) {
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
  /** The files changed, and the files that could not be read (so were not searched), with why. */
  record Result(List<Change> changes, Map<String, String> unreadable) {}

  Result erase(Collection<SourceConfig> sources, ErasurePlanner.Plan plan, Set<TableName> viaTables,
      String runId) {
    List<Change> out = new ArrayList<>();
    Map<String, String> unreadable = new java.util.TreeMap<>();
    TraceMatcher identifiers = plan.combined(false);
    if (identifiers.isEmpty()) {
      return new Result(out, unreadable);
    }
    FileRewriter rewriter = new FileRewriter(hadoop);
    int threads = Concurrently.threads(lake.spark());
    for (SourceConfig source : sources) {
      if (source.kind() == io.c360.config.SourceKind.JDBC) {
        continue; // read from a database: nothing landed
      }
      boolean byKey = viaTables.contains(source.table());
      TraceMatcher search = byKey ? plan.combined(true) : identifiers;
      FileRewriter.Format format = new FileRewriter.Format(
          java.nio.charset.Charset.forName(source.options().getOrDefault("encoding", "UTF-8")),
          "true".equalsIgnoreCase(source.options().getOrDefault("multiLine", "false")),
          byKey ? plan.keyValues() : Map.of(), List.copyOf(source.schema().keySet()));
      rewriter.recover(lake.env().landing() + "/" + source.path());
      List<String> files = LandingLedger.files(lake.env().landing(), source, hadoop);
      FileTraces.Found found = new FileTraces(lake.spark(), search).search(files);
      unreadable.putAll(found.unreadable());
      List<Change> changes = Concurrently.map(List.copyOf(found.traces().entrySet()), threads, hit -> action == PrivacyRules.LandingAction.DELETE ? delete(hit.getKey(), hit.getValue())
              : rewrite(rewriter, hit.getKey(), hit.getValue(), identifiers, format));
      Map<String, Optional<String>> rewritten = new LinkedHashMap<>();
      for (Change c : changes) {
        if (c != null) {
          out.add(c);
          if (c.action().equals("rewritten")) {
            rewritten.put(c.file(), c.sha256());
          }
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
    FileTraces.Found found = new FileTraces(lake.spark(), identifiers).search(exports);
    unreadable.putAll(found.unreadable());
    Concurrently.map(List.copyOf(found.traces().entrySet()), threads,
        hit -> rewrite(rewriter, hit.getKey(), hit.getValue(), identifiers, utf8)).stream()
        .filter(java.util.Objects::nonNull).forEach(out::add);
    return new Result(out, unreadable);
  }

  /** The file without the people's records; null when it held none of them (a key's near miss). */
  private Change rewrite(FileRewriter rewriter, String file, TreeSet<String> labels, TraceMatcher identifiers,
      FileRewriter.Format format) {
    FileRewriter.Result r = file.endsWith(".parquet") ? rewriter.rewriteParquet(lake.spark(), file, identifiers)
        : rewriter.rewrite(file, identifiers, format);
    return r.dropped() > 0 ? new Change(file, relative(file), "rewritten", r.dropped(), labels, r.sha256()) : null;
  }

  private Change delete(String file, TreeSet<String> labels) {
    Path path = new Path(file);
    try {
      path.getFileSystem(hadoop).delete(path, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
    return new Change(file, relative(file), "deleted", 0, labels, Optional.empty());
  }

  /** A path under the landing zone or exports, as the erasure log shows it. */
  private String relative(String file) {
    return relative(lake, file);
  }

  /** A path under the landing zone, the exports or the lakehouse, as the erasure log shows it. */
  static String relative(Lakehouse lake, String file) {
    for (String root : List.of(lake.env().landing(), lake.env().exports(), lake.env().lakehouse())) {
      String prefix = new Path(root).toUri().getPath();
      String path = new Path(file).toUri().getPath();
      if (path.startsWith(prefix + "/")) {
        String name = root.equals(lake.env().landing()) ? "landing"
            : root.equals(lake.env().exports()) ? "exports" : "lakehouse";
        return name + path.substring(prefix.length());
      }
    }
    return file;
  }
}
