package io.c360.privacy;

import io.c360.conform.IdentifierArgument;
import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an erasure of a person would delete, without deleting: the person's identifiers (requested
 * and linked through gold.identity_map), their customer ids, per table the rows that hold them, and
 * the landed files and exports it would rewrite (with the records it would drop) or delete.
 */
public final class ErasureDryRun {
  private final Lakehouse lake;
  private final Project project;

  public ErasureDryRun(Lakehouse lake, Project project) {
    this.lake = lake;
    this.project = project;
  }

  /** The plan as text, for `bin/c360 erase --dry-run`. */
  public String plan(List<IdentifierArgument> requested) {
    Subject subject = Subject.resolve(lake, requested);
    List<ErasureTargets.Target> targets = ErasureTargets.of(project.privacy(), project.sources().values());
    ErasurePlanner.Plan plan = new ErasurePlanner(lake).plan(targets, List.of(new ErasurePlanner.Person("dry-run",
        subject)));
    LandingEraser.Result files = new LandingEraser(lake, project.privacy().landing())
        .preview(project.sources().values(), plan, ErasureTargets.viaTables(targets));
    Map<TableName, Long> rows = new java.util.LinkedHashMap<>();
    plan.tables().forEach(t -> rows.put(t.target().table(), t.rows()));
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "subject: %d identifier%s requested, %d in all, %d customer id%s%n",
        requested.size(), requested.size() == 1 ? "" : "s", subject.identifiers().size(), subject.customers().size(),
        subject.customers().size() == 1 ? "" : "s"));
    for (IdentifierArgument id : subject.identifiers()) {
      b.append(String.format(Locale.ROOT, "  %-13s %s%s%n", id.type(), id.value(),
          requested.stream().anyMatch(r -> r.type().equals(id.type()) && r.value().equals(id.value()))
              ? "   (requested)" : ""));
    }
    subject.customers().forEach(c -> b.append(String.format(Locale.ROOT, "  %-13s %s%n", "customer_id", c)));
    b.append(String.format(Locale.ROOT, "%-32s %12s%n", "table", "rows to delete"));
    long total = 0;
    for (Map.Entry<TableName, Long> e : rows.entrySet()) {
      b.append(String.format(Locale.ROOT, "%-32s %,12d%n", e.getKey(), e.getValue()));
      total += e.getValue();
    }
    b.append(String.format(Locale.ROOT, "%-32s %,12d%n", "total", total));
    b.append(files(files, lake));
    b.append("dry run: nothing was deleted\n");
    return b.toString();
  }

  /**
   * The landed files and exports the erasure would rewrite (with the records it would drop) or
   * delete, in the order it searches them, and the files it could not read.
   */
  static String files(LandingEraser.Result files, Lakehouse lake) {
    StringBuilder b = new StringBuilder();
    b.append(files.changes().isEmpty() ? "files outside the tables: none holds the person\n"
        : "files outside the tables (landing, exports): " + files.changes().size() + "\n");
    files.changes().forEach(c -> b.append("  ").append(c.describe()).append('\n'));
    b.append(ErasureStatus.notSearched(files.unreadable().entrySet().stream()
        .map(e -> LandingEraser.relative(lake, e.getKey()) + " (" + e.getValue() + ")").toList()));
    return b.toString();
  }
}
