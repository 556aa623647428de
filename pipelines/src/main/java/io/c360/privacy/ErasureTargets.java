package io.c360.privacy;

import io.c360.config.PrivacyRules;
import io.c360.config.SourceConfig;
import io.c360.config.TableName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where an erasure looks for a person: every bronze table by its source's identifier columns
 * (normalised as ingestion does), every derived table of conf/privacy.yaml's catalog, and
 * ops.quarantine by its records' text. Decided from configuration alone, no code per table.
 */
final class ErasureTargets {
  /** One table and how its rows are recognised as the person's. */
  sealed interface Target permits Bronze, Derived, Quarantine {
    TableName table();
  }

  /** A bronze table: its source's identifier columns hold raw values, normalised before matching. */
  record Bronze(SourceConfig source) implements Target {
    @Override
    public TableName table() {
      return source.table();
    }
  }

  /** A derived table: normalised identifier columns, (type, value) column pairs, or a customer id column. */
  record Derived(PrivacyRules.PersonalData catalog) implements Target {
    @Override
    public TableName table() {
      return catalog.table();
    }

    Map<String, String> identifiers() {
      return catalog.identifiers();
    }
  }

  /** ops.quarantine: a rejected record is the person's when its text holds one of their identifiers. */
  record Quarantine(TableName table) implements Target {}

  private ErasureTargets() {}

  /**
   * The order to delete in: every table before those others are found through (bronze, which
   * holds the identifiers as received that quarantine and files are searched for, a via's
   * {@code from}, then gold.customer_aliases, then gold.identity_map, which names the person's
   * identifiers), so a run stopped half-way finds the same rows when run again.
   */
  static List<Target> deletionOrder(List<Target> targets) {
    java.util.Set<TableName> via = new java.util.LinkedHashSet<>();
    for (Target t : targets) {
      if (t instanceof Derived d) {
        d.catalog().via().ifPresent(v -> via.add(v.from()));
      }
    }
    java.util.function.ToIntFunction<Target> rank = t -> t.table().equals(Subject.IDENTITY_MAP) ? 4
        : t.table().equals(Subject.ALIASES) ? 3 : via.contains(t.table()) ? 2 : t instanceof Bronze ? 1 : 0;
    return targets.stream().sorted(java.util.Comparator.comparingInt(rank)).toList();
  }

  /** The tables whose rows are found through a key ({@code via}): their sources' files are searched by key too. */
  static java.util.Set<TableName> viaTables(List<Target> targets) {
    java.util.Set<TableName> out = new java.util.LinkedHashSet<>();
    for (Target t : targets) {
      if (t instanceof Derived d && d.catalog().via().isPresent()) {
        out.add(d.table());
      }
    }
    return out;
  }

  static List<Target> of(PrivacyRules rules, Collection<SourceConfig> sources) {
    List<Target> out = new ArrayList<>();
    sources.stream().filter(s -> !s.identifiers().isEmpty())
        .sorted(java.util.Comparator.comparing(SourceConfig::name)).forEach(s -> out.add(new Bronze(s)));
    rules.personalData().forEach(p -> out.add(new Derived(p)));
    out.add(new Quarantine(TableName.of("ops", "quarantine")));
    return out;
  }
}
