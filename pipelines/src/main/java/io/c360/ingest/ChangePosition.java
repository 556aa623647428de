package io.c360.ingest;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change event's position in its database's log, as text that sorts in log order, from the
 * {@code source} block Debezium writes for each connector:
 *
 * <ul>
 *   <li>PostgreSQL: {@code lsn}, a 64-bit log sequence number, as 16 hex digits;
 *   <li>MySQL: the binlog {@code file} (its numeric suffix to 10 digits, so {@code .000010} sorts
 *       after {@code .000009} however long the suffix grows), the event's {@code pos} in it (16 hex
 *       digits) and the {@code row} within the event (8 hex digits);
 *   <li>SQL Server: {@code commit_lsn}, then {@code change_lsn} (80-bit LSNs written as
 *       {@code 00000027:00000758:0005}, fixed-width hex, lower-cased), then {@code event_serial_no}
 *       (10 digits).
 * </ul>
 *
 * Positions compare within one source (one database): c360 orders two changes of a row by their
 * commit time first and by this text when the times are equal. A message without any of these
 * fields has no position; one whose fields are not in these forms is a problem, named by field,
 * that quarantines it. No Spark.
 */
final class ChangePosition {
  private static final Pattern UNSIGNED = Pattern.compile("\\d{1,20}");
  private static final Pattern BINLOG = Pattern.compile("(.+)\\.(\\d{1,10})");
  private static final Pattern SQL_SERVER_LSN = Pattern.compile("[0-9a-fA-F]{8}:[0-9a-fA-F]{8}:[0-9a-fA-F]{4}");

  /** A position, or the problem that leaves a message without one; both null when it has none. */
  record Result(String position, String problem) {
    static Result of(String position) {
      return new Result(position, null);
    }

    static Result problem(String field, String what) {
      return new Result(null, "source." + field + ": not " + what);
    }
  }

  private ChangePosition() {}

  /**
   * Reads the position from a message's {@code source} fields, each as the text of its JSON value
   * (null when absent).
   */
  static Result read(String lsn, String file, String pos, String row, String commitLsn, String changeLsn,
      String serial) {
    if (lsn != null) {
      return number(lsn) ? Result.of(hex(lsn, 16)) : Result.problem("lsn", "a PostgreSQL log sequence number");
    }
    if (file != null || pos != null) {
      return mysql(file, pos, row);
    }
    if (commitLsn != null || changeLsn != null) {
      return sqlServer(commitLsn, changeLsn, serial);
    }
    return new Result(null, null);
  }

  private static Result mysql(String file, String pos, String row) {
    Matcher m = file == null ? null : BINLOG.matcher(file);
    if (m == null || !m.matches()) {
      return Result.problem("file", "a MySQL binlog file name (name.000001)");
    }
    if (pos == null || !number(pos)) {
      return Result.problem("pos", "a position in a binlog file");
    }
    if (row != null && !number(row)) {
      return Result.problem("row", "a row number");
    }
    return Result.of(m.group(1) + "." + String.format(Locale.ROOT, "%010d", Long.parseLong(m.group(2))) + ":"
        + hex(pos, 16) + ":" + hex(row == null ? "0" : row, 8));
  }

  private static Result sqlServer(String commitLsn, String changeLsn, String serial) {
    if (commitLsn == null || !SQL_SERVER_LSN.matcher(commitLsn).matches()) {
      return Result.problem("commit_lsn", "a SQL Server LSN (00000027:00000758:0005)");
    }
    if (changeLsn != null && !SQL_SERVER_LSN.matcher(changeLsn).matches()) {
      return Result.problem("change_lsn", "a SQL Server LSN (00000027:00000758:0005)");
    }
    if (serial != null && !number(serial)) {
      return Result.problem("event_serial_no", "a number");
    }
    return Result.of(commitLsn.toLowerCase(Locale.ROOT) + "/"
        + (changeLsn == null ? "00000000:00000000:0000" : changeLsn.toLowerCase(Locale.ROOT)) + "/"
        + String.format(Locale.ROOT, "%010d", Long.parseLong(serial == null ? "0" : serial)));
  }

  private static boolean number(String text) {
    return UNSIGNED.matcher(text).matches() && new java.math.BigInteger(text).bitLength() <= 64;
  }

  /** An unsigned number of up to 64 bits as {@code width} hex digits at least. */
  private static String hex(String number, int width) {
    String hex = new java.math.BigInteger(number).toString(16);
    return "0".repeat(Math.max(0, width - hex.length())) + hex;
  }
}
