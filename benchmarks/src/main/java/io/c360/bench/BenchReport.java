package io.c360.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A benchmark run's results as a console table, JSON (for scripts) and Markdown (for BENCHMARKS.md). */
final class BenchReport {
  /** The stage of the incremental daily run, whose baseline is a full refresh. */
  public static final String INCREMENTAL = "daily-incremental";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String[] HEADER = {"stage", "size", "rows", "seconds", "rows/s", "peak heap",
      "baseline", "baseline s", "ratio"};

  private final List<StageResult> results;

  public BenchReport(List<StageResult> results) {
    this.results = List.copyOf(results);
  }

  /** One object per stage and size: stage, size, rows, seconds, rows_per_second, peak_memory_bytes, baseline, baseline_seconds, ratio. */
  public String json() {
    ArrayNode list = JSON.createArrayNode();
    for (StageResult r : results) {
      ObjectNode o = list.addObject();
      o.put("stage", r.stage());
      o.put("size", r.size());
      o.put("rows", r.rows());
      o.put("seconds", round(r.seconds()));
      o.put("rows_per_second", Math.round(r.rowsPerSecond()));
      if (r.peakMemoryBytes().isPresent()) {
        o.put("peak_memory_bytes", r.peakMemoryBytes().getAsLong());
      } else {
        o.putNull("peak_memory_bytes");
      }
      o.put("baseline", r.baseline());
      o.put("baseline_seconds", round(r.baselineSeconds()));
      o.put("ratio", round(r.ratio()));
    }
    try {
      return JSON.writeValueAsString(list) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String markdown() {
    StringBuilder b = new StringBuilder("| " + String.join(" | ", HEADER) + " |\n|");
    b.append(" --- |".repeat(HEADER.length)).append('\n');
    for (String[] cells : cells()) {
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return b.toString();
  }

  /** Columns padded to their widest cell, numbers right-aligned. */
  public String table() {
    List<String[]> rows = new java.util.ArrayList<>();
    rows.add(HEADER);
    rows.addAll(cells());
    int[] width = new int[HEADER.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        boolean text = i == 0 || i == 1 || i == 6;
        String format = "%" + (text ? "-" : "") + width[i] + "s";
        b.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, r[i]));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** The most an incremental run on new data may take, as a share of a full refresh. */
  static final double INCREMENTAL_TARGET = 0.15;

  /**
   * The targets, one line each: every stage ahead of its baseline and about linear in data
   * ({@link Growth}); the incremental daily run at most 15% of a full refresh, at each size.
   */
  public List<String> verdicts() {
    List<String> lines = new java.util.ArrayList<>();
    for (Growth.Stage g : Growth.of(results.stream().filter(r -> !r.stage().equals(INCREMENTAL)).toList())) {
      lines.add(g.describe());
    }
    for (StageResult r : results) {
      if (r.stage().equals(INCREMENTAL)) {
        lines.add(String.format(Locale.ROOT, "%s at %s: %.0f%% of a full refresh's time (target at most %.0f%%: %s)",
            INCREMENTAL, r.size(), 100 * r.ratio(), 100 * INCREMENTAL_TARGET,
            r.ratio() <= INCREMENTAL_TARGET ? "met" : "missed"));
      }
    }
    return lines;
  }

  /** Writes {@code bench.json} and {@code bench.md} under {@code dir}. */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("bench.json"), json(), StandardCharsets.UTF_8);
      StringBuilder md = new StringBuilder(markdown()).append('\n');
      verdicts().forEach(v -> md.append("- ").append(v).append('\n'));
      Files.writeString(dir.resolve("bench.md"), md.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the benchmark's results to " + dir, e);
    }
  }

  private List<String[]> cells() {
    return results.stream().map(r -> new String[] {
        r.stage(), r.size(), String.format(Locale.ROOT, "%,d", r.rows()),
        String.format(Locale.ROOT, "%.1f", r.seconds()),
        String.format(Locale.ROOT, "%,d", Math.round(r.rowsPerSecond())),
        r.peakMemoryBytes().isPresent() ? String.format(Locale.ROOT, "%,d MB", r.peakMemoryBytes().getAsLong() >> 20) : "-",
        r.baseline(), String.format(Locale.ROOT, "%.1f", r.baselineSeconds()),
        String.format(Locale.ROOT, "%.2fx", r.ratio())}).toList();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
