package io.c360.privacy;

import io.c360.config.Project;
import io.c360.config.TableName;
import io.c360.lake.Lakehouse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The rows an erasure deletes, table by table, found as {@link Eraser} finds them, and the purge it
 * ends with. Public for the benchmarks module, whose baseline deletes the same rows by rewriting
 * each table whole.
 */
public final class ErasureRows {
  /**
   * One table's rows that hold the people.
   *
   * @param holding true for exactly those rows in {@link Lakehouse#read} of the table
   */
  public record Held(TableName table, long rows, Column holding) {}

  private ErasureRows() {}

  /** The tables holding any of the requests' people, with their rows; tables holding none are left out. */
  public static List<Held> find(Lakehouse lake, Project project, List<ErasureRequest> requests) {
    List<ErasurePlanner.Person> people = requests.stream()
        .map(r -> new ErasurePlanner.Person(r.requestId(), Subject.resolve(lake, r.identifiers()))).toList();
    ErasurePlanner.Plan plan = new ErasurePlanner(lake)
        .plan(ErasureTargets.of(project.privacy(), project.sources().values()), people);
    List<Held> out = new ArrayList<>();
    for (ErasurePlanner.TablePlan t : plan.tables()) {
      if (!t.fingerprints().isEmpty()) {
        TableName table = t.target().table();
        Column fingerprint = TableEraser.fingerprint(lake.read(table).columns(), null);
        out.add(new Held(table, t.fingerprints().size(), fingerprint.isin(t.fingerprints().toArray())));
      }
    }
    return out;
  }

  /** Purges the tables as an erasure does: deletion vectors, old files and old snapshots. */
  public static void purge(Lakehouse lake, Project project, Collection<TableName> tables) {
    new TableEraser(lake, project.privacy().retainHours()).purgeAll(tables);
  }
}
