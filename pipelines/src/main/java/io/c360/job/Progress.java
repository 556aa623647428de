package io.c360.job;

import java.io.PrintStream;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * One line per step on the console: step i/n, name, rows read, written and rejected (and a model
 * table's rows after it), seconds; then its error, warnings and alerts.
 */
public final class Progress {
  private final PrintStream out;

  public Progress(PrintStream out) {
    this.out = out;
  }

  /**
   * A model's table size after the step: "wrote" counts the rows it merged (every version of an
   * order, say), which one row per key can fold into fewer rows in the table.
   */
  private static String inTable(StepResult result, NumberFormat n) {
    Long rows = result.figures().get("rows_in_table");
    return rows == null ? "" : ", table has " + n.format(rows);
  }

  void finished(int index, int total, StepRun run) {
    NumberFormat n = NumberFormat.getIntegerInstance(Locale.ROOT);
    String rows = run.result() == null ? ""
        : "read " + n.format(run.result().rowsRead()) + ", wrote " + n.format(run.result().rowsWritten())
            + (run.result().rowsRejected() > 0 ? ", rejected " + n.format(run.result().rowsRejected()) : "")
            + inTable(run.result(), n);
    String status = switch (run.status()) {
      case SUCCEEDED -> "ok";
      case FAILED -> "FAILED";
      case SKIPPED -> "skipped";
    };
    out.printf(Locale.ROOT, "[%d/%d] %-28s %-7s %-48s %6.1f s%n", index, total, run.step(), status, rows,
        run.seconds());
    if (run.error() != null && run.status() == StepRun.Status.FAILED) {
      out.println("      " + run.error());
    }
    if (run.result() != null) {
      run.result().warnings().forEach(w -> out.println("      warning: " + w));
      run.result().alerts().forEach(a -> out.println("      alert: " + a));
    }
    out.flush();
  }
}
