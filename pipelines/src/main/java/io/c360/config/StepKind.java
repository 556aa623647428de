package io.c360.config;

import java.util.List;
import java.util.Set;

/**
 * A kind of step a job may list, with the keys it takes. The Spark code that executes each kind is
 * registered under the same name in {@code io.c360.job.StepKinds}.
 */
public record StepKind(String name, Set<String> required, Set<String> optional, String documentation) {
  public static final StepKind INGEST = new StepKind("ingest", Set.of("source"), Set.of(),
      "Reads new files of a source (conf/sources/<source>.yaml) into its bronze table.");
  public static final StepKind SQL = new StepKind("sql", Set.of("model"), Set.of(),
      "Runs sql/<model>.sql and writes its result to the table <layer>.<file name>.");
  public static final StepKind IDENTIFIERS = new StepKind("identifiers", Set.of(), Set.of(),
      "Collects every identifier the sources declare into silver.identifiers, normalised.");
  public static final StepKind IDENTITY = new StepKind("identity", Set.of(), Set.of(),
      "Stitches silver.identity_edges into customers: gold.identity_map, gold.identity_merges, "
          + "gold.shared_identifiers and gold.identity_refusals.");

  public static final StepKind SEGMENTS = new StepKind("segments", Set.of(), Set.of(),
      "Evaluates conf/profile.yaml's segments over gold.customer_360: gold.segment_membership (who entered "
          + "and left, when) and gold.segments (each segment's size).");
  public static final StepKind ACTIVATE = new StepKind("activate", Set.of("activation"), Set.of(),
      "Sends a segment's members to the destination of a conf/profile.yaml activation: files or a JDBC table.");

  public static final StepKind ERASE_REQUESTS = new StepKind("erase-requests", Set.of(), Set.of(),
      "Erases the people named by request files (CSV or JSON) in conf/privacy.yaml's intake folder under "
          + "paths.landing, deletes the files of completed requests, and reports requests past their deadline.");

  public static final StepKind RETENTION = new StepKind("retention", Set.of(), Set.of(),
      "Deletes what conf/privacy.yaml's retention no longer keeps: landed files ingested more than landing-days "
          + "ago, and customers with no known identifier not seen for more than anonymous-days (erased everywhere "
          + "and verified, as one request retention-<day>).");

  public static final List<StepKind> ALL = List.of(INGEST, SQL, IDENTIFIERS, IDENTITY, SEGMENTS, ACTIVATE,
      ERASE_REQUESTS, RETENTION);

  static StepKind find(String name) {
    for (StepKind k : ALL) {
      if (k.name.equals(name)) {
        return k;
      }
    }
    return null;
  }
}
