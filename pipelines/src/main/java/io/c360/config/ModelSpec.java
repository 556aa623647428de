package io.c360.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the YAML beside a SQL model says about its table: grain, keys, how each run writes it
 * ({@link Strategy}), the bronze tables whose new batches an incremental run reads, which column
 * orders versions, and the expectations its rows must meet.
 *
 * <p>An incremental model's SQL reads its inputs' new batches through the session variable
 * {@code since_batch_id}: {@code where _batch_id > session.since_batch_id}; a full refresh sets -1.
 * The SQL returns every row it reads; c360 checks the expectations and then keeps one row per key:
 * the earliest by {@code order-by} ({@code first}) or the newest by {@code version} ({@code latest},
 * {@code scd2}), so an incremental run and a full refresh pick the same rows.
 */
public record ModelSpec(
    String model,
    String grain,
    List<String> keys,
    Strategy strategy,
    List<TableName> inputs,
    List<String> orderBy,
    List<String> version,
    Optional<String> validFrom,
    Optional<String> deleted,
    List<String> partitionBy,
    List<String> completeness,
    List<Expectation> expectations) {

  /** How a run writes the model's table. */
  public enum Strategy {
    /** The whole table is rebuilt from its inputs every run. */
    REBUILD("rebuild"),
    /** New keys are added; a key already in the table keeps its row (the earliest by order-by wins). */
    FIRST("first"),
    /** A row replaces the row of its key when its {@code version} is the same or newer; older ones are ignored. */
    LATEST("latest"),
    /**
     * Slowly changing dimension type 2: every version of an entity (the keys without
     * {@code valid-from}) is kept; c360 derives {@code valid_to} and {@code is_current}.
     */
    SCD2("scd2"),
    /**
     * The rows of the customers whose inputs changed since the last run (new rows in an input, an
     * identifier linked or moved, a merge or split) are computed again and replace theirs; the
     * others stay. The model's SQL reads the view {@code changed_customers}.
     */
    CUSTOMERS("customers");

    private final String id;

    Strategy(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    static Optional<Strategy> of(String id) {
      for (Strategy s : values()) {
        if (s.id.equals(id)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /** What happens to rows that do not meet an expectation. */
  public enum Action {
    /** They are counted. */
    WARN,
    /** They go to ops.quarantine with the expectation's name instead of the table. */
    DROP,
    /** The step fails and the table is not changed. */
    FAIL
  }

  /** A SQL boolean expression every row should satisfy; a null result counts as not met. */
  public record Expectation(String name, String expect, Action action) {}

  public static final String SINCE_BATCH_VARIABLE = "since_batch_id";
  /** The key column of strategy customers, and the view its SQL reads the customers to compute from. */
  public static final String CUSTOMER_ID = "customer_id";
  public static final String CHANGED_CUSTOMERS_VIEW = "changed_customers";
  /** The session variable that holds the day gold's time-relative figures are computed for. */
  public static final String AS_OF_VARIABLE = "as_of_date";
  public static final String VALID_TO = "valid_to";
  public static final String IS_CURRENT = "is_current";

  private static final Set<String> KEYS = Set.of("model", "grain", "notes", "keys", "incremental", "partition-by",
      "completeness", "expectations", "materialized", "columns");
  private static final String IDENTIFIER = "[a-z_][a-z0-9_]*";

  public ModelSpec {
    keys = List.copyOf(keys);
    inputs = List.copyOf(inputs);
    orderBy = List.copyOf(orderBy);
    version = List.copyOf(version);
    partitionBy = List.copyOf(partitionBy);
    completeness = List.copyOf(completeness);
    expectations = List.copyOf(expectations);
  }

  /** True when the YAML says {@code materialized: view}: the model is a view, created in every session. */
  public static boolean isView(String yaml, String origin) {
    return Yaml.node(yaml, origin).string("materialized", "table").equals("view");
  }

  /**
   * The YAML's {@code columns:} mapping, column to description, in file order: the comments of the
   * table's columns ({@code describe}).
   */
  public static java.util.Map<String, String> columnComments(String yaml, String origin) {
    Node n = Yaml.node(yaml, origin);
    java.util.Map<String, String> comments = n.stringMap("columns");
    for (java.util.Map.Entry<String, String> e : comments.entrySet()) {
      if (!e.getKey().matches(IDENTIFIER)) {
        throw n.error("columns", "'" + e.getKey() + "' is not a column name (lower-case letters, digits and _)");
      }
      if (e.getValue().isBlank()) {
        throw n.error("columns." + e.getKey(), "needs a description");
      }
    }
    return comments;
  }

  /** A model without a YAML: rebuilt every run, no keys, no expectations. */
  public static ModelSpec rebuilt(String model) {
    return new ModelSpec(model, "", List.of(), Strategy.REBUILD, List.of(), List.of(), List.of(), Optional.empty(),
        Optional.empty(), List.of(), List.of(), List.of());
  }

  /** True when runs read only the inputs' batches that are new since the model's last run. */
  public boolean incremental() {
    return strategy != Strategy.REBUILD;
  }

  /** The columns that name one entity of an SCD2 model: its keys without {@code valid-from}. */
  public List<String> entity() {
    return keys.stream().filter(k -> validFrom.map(v -> !v.equals(k)).orElse(true)).toList();
  }

  /**
   * Parses a model's YAML.
   *
   * @param origin how errors name the file, e.g. {@code sql/silver/orders.yml}
   * @param model the model the file describes, e.g. {@code silver/orders}
   */
  public static ModelSpec parse(String yaml, String origin, String model) {
    Node n = Yaml.node(yaml, origin).allowOnly(KEYS);
    String declared = n.string("model");
    String expected = Models.table(model).toString();
    if (!declared.equals(expected)) {
      throw n.error("model", "expected " + expected + " (the table this file's SQL writes) but was " + declared);
    }
    String materialized = n.string("materialized", "table");
    if (!materialized.equals("table") && !materialized.equals("view")) {
      throw n.error("materialized", "expected table or view but was '" + materialized + "'");
    }
    if (materialized.equals("view") && (n.has("incremental") || n.has("expectations") || n.has("keys"))) {
      throw n.error("materialized", "a view is a query over tables: it has no keys, incremental runs or expectations");
    }
    List<String> keys = identifiers(n, "keys");
    Node inc = n.child("incremental").allowOnly(Set.of("strategy", "inputs", "order-by", "version", "valid-from",
        "deleted"));
    Strategy strategy = Strategy.REBUILD;
    if (n.has("incremental")) {
      String id = inc.string("strategy");
      strategy = Strategy.of(id).orElseThrow(() -> inc.error("strategy", "unknown strategy '" + id
          + "' (expected one of: first, latest, scd2, customers; leave out incremental to rebuild every run)"));
    }
    List<TableName> inputs = new ArrayList<>();
    for (String t : inc.strings("inputs")) {
      try {
        inputs.add(TableName.parse(t));
      } catch (ConfigException e) {
        throw inc.error("inputs", e.getMessage());
      }
    }
    if (strategy != Strategy.REBUILD && inputs.isEmpty()) {
      throw inc.error("inputs", "an incremental model names the tables whose new batches it reads");
    }
    if (strategy != Strategy.REBUILD && keys.isEmpty()) {
      throw n.error("keys", "an incremental model needs keys to merge new rows on");
    }
    if (strategy == Strategy.CUSTOMERS && !keys.contains(CUSTOMER_ID)) {
      throw n.error("keys", "strategy customers replaces rows by customer: the keys include " + CUSTOMER_ID);
    }
    List<String> version = identifiers(inc, "version");
    if (strategy == Strategy.LATEST && version.isEmpty()) {
      throw inc.error("version", "strategy latest needs the columns that order versions, e.g. [updated_at]");
    }
    if (!version.isEmpty() && strategy != Strategy.LATEST && strategy != Strategy.SCD2) {
      throw inc.error("version", "only strategies latest and scd2 keep the newest row of a key");
    }
    List<String> orderBy = identifiers(inc, "order-by");
    if (!orderBy.isEmpty() && strategy != Strategy.FIRST) {
      throw inc.error("order-by", "only strategy first keeps the earliest row of a key");
    }
    Optional<String> validFrom = inc.optionalString("valid-from");
    Optional<String> deleted = inc.optionalString("deleted");
    if (strategy == Strategy.SCD2) {
      String v = validFrom.orElseThrow(() -> inc.error("valid-from", "strategy scd2 needs the column a version is valid from"));
      if (!keys.contains(v)) {
        throw n.error("keys", "an scd2 model's keys include its valid-from column " + v + " (the entity's keys and " + v + ")");
      }
      if (keys.size() < 2) {
        throw n.error("keys", "an scd2 model's keys are the entity's keys and its valid-from column " + v);
      }
    } else if (validFrom.isPresent()) {
      throw inc.error("valid-from", "only strategy scd2 has versions valid from a time");
    }
    if (deleted.isPresent() && strategy != Strategy.SCD2 && strategy != Strategy.LATEST) {
      throw inc.error("deleted", "only strategies latest and scd2 record deletions");
    }
    for (String c : validFrom.map(List::of).orElse(List.of())) {
      check(inc, "valid-from", c);
    }
    for (String c : deleted.map(List::of).orElse(List.of())) {
      check(inc, "deleted", c);
    }
    List<String> completeness = n.has("completeness") ? identifiers(n, "completeness") : keys;
    return new ModelSpec(expected, n.string("grain", ""), keys, strategy, inputs, orderBy, version, validFrom, deleted,
        identifiers(n, "partition-by"), completeness, expectations(n));
  }

  private static List<Expectation> expectations(Node n) {
    List<Expectation> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node e : n.children("expectations")) {
      e.allowOnly(Set.of("name", "expect", "action"));
      String name = e.string("name");
      check(e, "name", name);
      if (!names.add(name)) {
        throw e.error("name", "another expectation is already named " + name);
      }
      String action = e.string("action", "warn");
      Action a = switch (action) {
        case "warn" -> Action.WARN;
        case "drop" -> Action.DROP;
        case "fail" -> Action.FAIL;
        default -> throw e.error("action", "expected warn, drop or fail but was '" + action + "'");
      };
      out.add(new Expectation(name, e.string("expect"), a));
    }
    return out;
  }

  private static List<String> identifiers(Node n, String key) {
    List<String> out = n.strings(key);
    for (String c : out) {
      check(n, key, c);
    }
    if (new LinkedHashSet<>(out).size() != out.size()) {
      throw n.error(key, "a column is listed twice: " + out);
    }
    return out;
  }

  private static void check(Node n, String key, String column) {
    if (!column.matches(IDENTIFIER)) {
      throw n.error(key, "'" + column + "' is not a column name (lower-case letters, digits and _)");
    }
  }

  /** Checks the spec against the columns the model's SQL returns, naming what is missing. */
  public void checkColumns(Set<String> columns, String origin) {
    List<String> named = new ArrayList<>(keys);
    named.addAll(orderBy);
    named.addAll(version);
    deleted.ifPresent(named::add);
    named.addAll(partitionBy);
    named.addAll(completeness);
    for (String c : named) {
      if (!columns.contains(c)) {
        throw new ConfigException(origin + ": column " + c + " is not among the columns the model returns ("
            + String.join(", ", columns) + ")");
      }
    }
    if (strategy == Strategy.SCD2 && (columns.contains(VALID_TO) || columns.contains(IS_CURRENT))) {
      throw new ConfigException(origin + ": an scd2 model does not return " + VALID_TO + " or " + IS_CURRENT
          + ": c360 derives them");
    }
  }
}
