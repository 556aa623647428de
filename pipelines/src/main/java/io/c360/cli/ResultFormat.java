package io.c360.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a query result is shown: an aligned table for people, CSV or JSON lines for scripts, an HTML
 * table for notebooks.
 */
public enum ResultFormat {
  table, csv, json, html;

  /** At most {@code limit} rows of {@code data}, saying when there were more. */
  public String render(Dataset<Row> data, int limit) {
    if (this == json) {
      StringBuilder b = new StringBuilder();
      data.limit(limit).toJSON().collectAsList().forEach(line -> b.append(line).append('\n'));
      return b.toString();
    }
    String[] columns = data.columns();
    List<String[]> rows = new ArrayList<>();
    for (Row r : data.limit(limit + 1).collectAsList()) {
      String[] cells = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        cells[i] = r.isNullAt(i) ? (this == csv ? "" : "NULL") : text(r.get(i));
      }
      rows.add(cells);
    }
    boolean truncated = rows.size() > limit;
    if (truncated) {
      rows.remove(rows.size() - 1);
    }
    return switch (this) {
      case csv -> csv(columns, rows);
      case html -> html(columns, rows, truncated);
      default -> table(columns, rows, truncated);
    };
  }

  /** A value as SQL shows it: arrays [a, b], maps {k -> v}, structs {a, b}. */
  static String text(Object value) {
    if (value instanceof scala.collection.Map<?, ?> m) {
      List<String> entries = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(m).forEach((k, v) -> entries.add(text(k) + " -> " + text(v)));
      return "{" + String.join(", ", entries) + "}";
    }
    if (value instanceof scala.collection.Iterable<?> it) {
      List<String> items = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(it).forEach(v -> items.add(text(v)));
      return "[" + String.join(", ", items) + "]";
    }
    if (value instanceof Row row) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        fields.add(row.isNullAt(i) ? "NULL" : text(row.get(i)));
      }
      return "{" + String.join(", ", fields) + "}";
    }
    return value == null ? "NULL" : String.valueOf(value);
  }

  static String csv(String[] columns, List<String[]> rows) {
    StringBuilder b = new StringBuilder();
    b.append(csvLine(columns));
    rows.forEach(r -> b.append(csvLine(r)));
    return b.toString();
  }

  private static String csvLine(String[] cells) {
    List<String> out = new ArrayList<>();
    for (String c : cells) {
      boolean quote = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
      out.add(quote ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
    }
    return String.join(",", out) + "\n";
  }

  static String html(String[] columns, List<String[]> rows, boolean truncated) {
    StringBuilder b = new StringBuilder("<table class=\"c360-result\">\n<thead><tr>");
    for (String c : columns) {
      b.append("<th>").append(escape(c)).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (String[] r : rows) {
      b.append("<tr>");
      for (String c : r) {
        b.append("<td>").append(escape(c)).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n<p>").append(rows.size()).append(rows.size() == 1 ? " row" : " rows")
        .append(truncated ? " (more not shown)" : "").append("</p>\n");
    return b.toString();
  }

  private static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  static String table(String[] columns, List<String[]> rows, boolean truncated) {
    int[] width = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      width[i] = columns[i].length();
      for (String[] r : rows) {
        width[i] = Math.min(60, Math.max(width[i], r[i].length()));
      }
    }
    StringBuilder b = new StringBuilder();
    String rule = rule(width);
    b.append(rule).append(line(columns, width)).append(rule);
    rows.forEach(r -> b.append(line(r, width)));
    b.append(rule);
    b.append(rows.size()).append(rows.size() == 1 ? " row" : " rows").append(truncated ? " (more not shown)" : "")
        .append('\n');
    return b.toString();
  }

  private static String rule(int[] width) {
    StringBuilder b = new StringBuilder("+");
    for (int w : width) {
      b.append("-".repeat(w + 2)).append('+');
    }
    return b.append('\n').toString();
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i].replace('\n', ' ');
      if (c.length() > width[i]) {
        c = c.substring(0, width[i] - 3) + "...";
      }
      b.append(' ').append(c).append(" ".repeat(width[i] - c.length())).append(" |");
    }
    return b.append('\n').toString();
  }
}
