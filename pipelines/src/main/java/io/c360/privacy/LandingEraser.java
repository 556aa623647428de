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
 * read it again. The dry run searches the same way ({@link #find}) and only counts ({@link #preview}).
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
   * One file changed: the file, its path as the erasure log shows it, what was done ("rewritten",
   * "deleted"; a dry run's "rewrite", "delete"), the records dropped (a dry run's: to drop), the
   * labels (request ids) found, and a rewritten file's new SHA-256 when it was taken while writing.
   */
  record Change(String file, String path, String action, long recordsDropped, TreeSet<String> labels,
      Optional<String> sha256) {
    String describe() {
      return switch (action) {
        case "rewritten" -> action + " " + path + " (" + recordsDropped + " records dropped)";
        case "rewrite" -> action + " " + path + " (" + recordsDropped + " records to drop)"; // a dry run's
        default -> action + " " + path;
      };
    }
  }

  /** The files changed, and the files that could not be read (so were not searched), with why. */
  record Result(List<Change> changes, Map<String, String> unreadable) {}

  /**
   * A file that holds one of the people: the source it landed for (none for an export), how its
   * records are read, and the labels (request ids and forms) found in it.
   */
  record Hit(String file, Optional<SourceConfig> source, FileRewriter.Format format, TreeSet<String> labels) {}

  /** What a search found: the files holding the people, source by source then the exports, and those not read. */
  record Found(List<Hit> hits, Map<String, String> unreadable) {}

  /**
   * Searches each source's landed files and the exports for the people; changes nothing.
   *
   * @param plan the people, their identifiers' forms and their keys (order ids)
   * @param viaTables the tables whose rows are found through a key: their sources' files are also
   *     searched for the keys, compared on the key column
   */
  Found find(Collection<SourceConfig> sources, ErasurePlanner.Plan plan, Set<TableName> viaTables) {
    List<Hit> hits = new ArrayList<>();
    Map<String, String> unreadable = new java.util.TreeMap<>();
    TraceMatcher identifiers = plan.combined(false);
    if (identifiers.isEmpty()) {
      return new Found(hits, unreadable);
    }
    for (SourceConfig source : landed(sources)) {
      boolean byKey = viaTables.contains(source.table());
      FileRewriter.Format format = new FileRewriter.Format(
          java.nio.charset.Charset.forName(source.options().getOrDefault("encoding", "UTF-8")),
          "true".equalsIgnoreCase(source.options().getOrDefault("multiLine", "false")),
          byKey ? plan.keyValues() : Map.of(), List.copyOf(source.schema().keySet()));
      FileTraces.Found found = new FileTraces(lake.spark(), byKey ? plan.combined(true) : identifiers)
          .search(LandingLedger.files(lake.env().landing(), source, hadoop));
      unreadable.putAll(found.unreadable());
      found.traces().forEach((file, labels) -> hits.add(new Hit(file, Optional.of(source), format, labels)));
    }
    List<String> exports = FileTraces.list(lake.env().exports(), hadoop).stream()
        .filter(f -> !new Path(f).getName().startsWith(".") && !new Path(f).getName().startsWith("_")).toList();
    FileRewriter.Format utf8 = new FileRewriter.Format(java.nio.charset.StandardCharsets.UTF_8, false, Map.of());
    FileTraces.Found found = new FileTraces(lake.spark(), identifiers).search(exports);
    unreadable.putAll(found.unreadable());
    found.traces().forEach((file, labels) -> hits.add(new Hit(file, Optional.empty(), utf8, labels)));
    return new Found(hits, unreadable);
  }

  /**
   * Rewrites (or deletes) the files {@link #find} finds, a few at a time, after finishing any rewrite
   * an earlier run left half-done.
   *
   * @param runId the erasure's run, for the ledger
   */
  Result erase(Collection<SourceConfig> sources, ErasurePlanner.Plan plan, Set<TableName> viaTables,
      String runId) {
    TraceMatcher identifiers = plan.combined(false);
    if (identifiers.isEmpty()) {
      return new Result(new ArrayList<>(), new java.util.TreeMap<>());
    }
    FileRewriter rewriter = new FileRewriter(hadoop);
    landed(sources).forEach(source -> rewriter.recover(lake.env().landing() + "/" + source.path()));
    rewriter.recover(lake.env().exports());
    Found found = find(sources, plan, viaTables);
    List<Change> changes = Concurrently.map(found.hits(), Concurrently.threads(lake.spark()),
        hit -> deletes(hit) ? delete(hit.file(), hit.labels())
            : rewrite(rewriter, hit.file(), hit.labels(), identifiers, hit.format()));
    for (SourceConfig source : landed(sources)) {
      Map<String, Optional<String>> rewritten = new LinkedHashMap<>();
      for (int i = 0; i < changes.size(); i++) {
        Change c = changes.get(i);
        if (c != null && c.action().equals("rewritten") && found.hits().get(i).source().orElse(null) == source) {
          rewritten.put(c.file(), c.sha256());
        }
      }
      // One ledger commit per source, not per file. A run killed before it leaves the rewritten files
      // unrecorded: the next ingest logs them as changed and does not read them again.
      LandingLedger.recordRewrites(lake, source, rewritten, runId, "rewritten by an erasure");
    }
    return new Result(changes.stream().filter(java.util.Objects::nonNull).toList(), found.unreadable());
  }

  /**
   * What {@link #erase} would do, found as it finds it, without writing anything: per file the
   * action ("rewrite" or "delete") and, for a rewrite, the records it would drop. A file a rewrite
   * would leave as it is (a key's near miss) is not listed, as the erasure does not list it.
   */
  Result preview(Collection<SourceConfig> sources, ErasurePlanner.Plan plan, Set<TableName> viaTables) {
    Found found = find(sources, plan, viaTables);
    TraceMatcher identifiers = plan.combined(false);
    FileRewriter counter = new FileRewriter(hadoop);
    List<Change> changes = Concurrently.map(found.hits(), Concurrently.threads(lake.spark()), hit -> {
      if (deletes(hit)) {
        return new Change(hit.file(), relative(hit.file()), "delete", 0, hit.labels(), Optional.empty());
      }
      FileRewriter.Result r = hit.file().endsWith(".parquet") ? counter.countParquet(lake.spark(), hit.file(),
          identifiers) : counter.count(hit.file(), identifiers, hit.format());
      return r.dropped() > 0 ? new Change(hit.file(), relative(hit.file()), "rewrite", r.dropped(), hit.labels(),
          Optional.empty()) : null;
    });
    return new Result(changes.stream().filter(java.util.Objects::nonNull).toList(), found.unreadable());
  }

  /** A landed file goes whole with {@code landing: delete}; an export is always rewritten. */
  private boolean deletes(Hit hit) {
    return hit.source().isPresent() && action == PrivacyRules.LandingAction.DELETE;
  }

  /** The sources whose files land (not read from a database). */
  private static List<SourceConfig> landed(Collection<SourceConfig> sources) {
    return sources.stream().filter(s -> s.kind() != io.c360.config.SourceKind.JDBC).toList();
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
