package io.c360.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code conf/privacy.yaml}: legal deadlines per regulation, how long purged files are kept, what
 * happens to landing files that hold an erased person, where erasure requests are dropped, and the
 * catalog of personal data in the tables c360 derives, the tables each role (analyst) is given, and
 * how long anonymous customers and landed files are kept ({@link Retention}).
 */
public record PrivacyRules(Map<String, Integer> dueDays, int retainHours, LandingAction landing, String intake,
    List<PersonalData> personalData, Map<String, List<TableName>> roles, Retention retention) {

  /** What an erasure does to a landing file holding the person. */
  public enum LandingAction {
    REWRITE, DELETE
  }

  /**
   * Where one table holds a person: columns holding an identifier of a known type, (type column,
   * value column) pairs, columns holding the customer id, or a key shared with the person's rows of
   * another table ({@link Via}).
   */
  public record PersonalData(TableName table, Map<String, String> identifiers, List<List<String>> typed,
      List<String> customer, java.util.Optional<Via> via) {
    public PersonalData {
      identifiers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(identifiers));
      typed = typed.stream().map(List::copyOf).toList();
      customer = List.copyOf(customer);
    }
  }

  /**
   * Rows whose {@code column} holds a value that the person's rows of {@code from} hold in the same
   * column: an order's lines go with the person's orders.
   */
  public record Via(String column, TableName from) {}

  private static final Set<String> KEYS = Set.of("regulations", "purge", "landing", "intake", "personal-data",
      "roles", "retention");

  /** The regulation a retention run's erasure is recorded under: a policy, with no legal deadline. */
  public static final String RETENTION = "retention";

  public PrivacyRules {
    dueDays = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dueDays));
    personalData = List.copyOf(personalData);
    Map<String, List<TableName>> copy = new LinkedHashMap<>();
    roles.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    roles = java.util.Collections.unmodifiableMap(copy);
  }

  /** The tables a role is given, or an error naming the roles there are. */
  public List<TableName> role(String name) {
    List<TableName> tables = roles.get(name);
    if (tables == null) {
      throw new IllegalArgumentException("unknown role '" + name + "' (conf/privacy.yaml roles: "
          + (roles.isEmpty() ? "none" : Text.list(roles.keySet())) + ")");
    }
    return tables;
  }

  /** Days from receipt to the deadline under {@code regulation}. */
  public int dueDays(String regulation) {
    if (regulation.equals(RETENTION)) {
      return 0;
    }
    Integer d = dueDays.get(regulation);
    if (d == null) {
      throw new IllegalArgumentException("unknown regulation '" + regulation + "' (conf/privacy.yaml declares: "
          + Text.list(dueDays.keySet()) + ")");
    }
    return d;
  }

  /**
   * @param identifierTypes identity.yaml's types: every identifier column names one
   */
  public static PrivacyRules load(Path file, IdentifierTypes identifierTypes) {
    if (!Files.exists(file)) {
      throw new ConfigException(Paths.display(file) + ": file not found (it says how people are erased)");
    }
    Node n = new Node(Yaml.read(file), Paths.display(file), "").allowOnly(KEYS);
    Map<String, Integer> due = new LinkedHashMap<>();
    Node regulations = n.child("regulations");
    for (String r : regulations.names()) {
      if (!Text.isIdentifier(r)) {
        throw regulations.error(r, "expected a lower-case regulation name such as gdpr");
      }
      if (r.equals(RETENTION)) {
        throw regulations.error(r, "the name retention is taken by the retention job's own runs");
      }
      int days = regulations.integer(r, 0);
      if (days < 1) {
        throw regulations.error(r, "expected the days to the deadline, 1 or more, but was " + days);
      }
      due.put(r, days);
    }
    if (due.isEmpty()) {
      throw n.error("regulations", "missing required value: the regulations and their deadlines, e.g. gdpr: 30");
    }
    Node purge = n.child("purge").allowOnly(Set.of("retain-hours"));
    int retain = purge.integer("retain-hours", 0);
    if (retain < 0) {
      throw purge.error("retain-hours", "expected 0 (at once) or more hours but was " + retain);
    }
    String landing = n.string("landing", "rewrite");
    LandingAction action = switch (landing) {
      case "rewrite" -> LandingAction.REWRITE;
      case "delete" -> LandingAction.DELETE;
      default -> throw n.error("landing", "expected rewrite or delete but was '" + landing + "'");
    };
    String intake = n.string("intake", "_erasure_requests");
    if (!intake.matches("[A-Za-z0-9_.-]+")) {
      throw n.error("intake", "expected a folder name under paths.landing but was '" + intake + "'");
    }
    List<PersonalData> personal = personalData(n, identifierTypes);
    return new PrivacyRules(due, retain, action, intake, personal, roles(n, personal), Retention.parse(n));
  }

  /**
   * Each role's tables: none from bronze (its rows are the sources' records, identifiers included)
   * and none that personal-data says holds identifiers; a customer id alone is a pseudonym, and a
   * masked view is listed as its model.
   */
  private static Map<String, List<TableName>> roles(Node n, List<PersonalData> personal) {
    Map<String, List<TableName>> out = new LinkedHashMap<>();
    Node roles = n.child("roles");
    for (String role : roles.names()) {
      if (!Text.isIdentifier(role)) {
        throw roles.error(role, "expected a lower-case role name such as analyst");
      }
      List<TableName> tables = new ArrayList<>();
      for (String t : roles.strings(role)) {
        TableName table;
        try {
          table = TableName.parse(t);
        } catch (ConfigException e) {
          throw roles.error(role, e.getMessage());
        }
        if (table.schema().equals("bronze")) {
          throw roles.error(role, table + " is a bronze table: it holds its source's records, identifiers included");
        }
        for (PersonalData p : personal) {
          if (p.table().equals(table) && (!p.identifiers().isEmpty() || !p.typed().isEmpty())) {
            throw roles.error(role, table + " holds identifiers (personal-data lists it with "
                + (p.identifiers().isEmpty() ? "typed" : "identifiers") + "); give a role masked or aggregate tables");
          }
        }
        tables.add(table);
      }
      out.put(role, tables);
    }
    return out;
  }

  private static List<PersonalData> personalData(Node n, IdentifierTypes types) {
    List<PersonalData> out = new ArrayList<>();
    Set<TableName> seen = new LinkedHashSet<>();
    for (Node p : n.children("personal-data")) {
      p.allowOnly(Set.of("table", "identifiers", "typed", "customer", "via"));
      TableName table;
      try {
        table = TableName.parse(p.string("table"));
      } catch (ConfigException e) {
        throw p.error("table", e.getMessage());
      }
      if (table.schema().equals("bronze") && (p.has("identifiers") || p.has("customer"))) {
        throw p.error("table", "a bronze table's identifier columns are its source's (conf/sources/*.yaml: "
            + "identifiers); list a bronze table here only for typed (type column, value column) pairs or via");
      }
      if (!seen.add(table)) {
        throw p.error("table", table + " is listed twice");
      }
      Map<String, String> identifiers = p.stringMap("identifiers");
      for (Map.Entry<String, String> e : identifiers.entrySet()) {
        if (!types.contains(e.getKey())) {
          throw p.error("identifiers." + e.getKey(), "unknown identifier type (identity.yaml declares: "
              + Text.list(types.names()) + ")");
        }
        column(p, "identifiers." + e.getKey(), e.getValue());
      }
      List<List<String>> typed = pairs(p);
      List<String> customer = p.raw("customer") instanceof List<?> ? p.strings("customer")
          : p.optionalString("customer").map(List::of).orElse(List.of());
      customer.forEach(c -> column(p, "customer", c));
      java.util.Optional<Via> via = via(p, table, seen);
      if (identifiers.isEmpty() && typed.isEmpty() && customer.isEmpty() && via.isEmpty()) {
        throw p.error("table", table + ": say where it holds a person (identifiers, typed, customer or via)");
      }
      out.add(new PersonalData(table, identifiers, typed, customer, via));
    }
    return out;
  }

  /** {@code via: {column: order_id, from: silver.orders}}: {@code from} must be listed earlier. */
  private static java.util.Optional<Via> via(Node p, TableName table, Set<TableName> listed) {
    if (!p.has("via")) {
      return java.util.Optional.empty();
    }
    Node v = p.child("via").allowOnly(Set.of("column", "from"));
    String column = v.string("column");
    column(v, "column", column);
    TableName from;
    try {
      from = TableName.parse(v.string("from"));
    } catch (ConfigException e) {
      throw v.error("from", e.getMessage());
    }
    if (from.equals(table) || !listed.contains(from)) {
      throw v.error("from", from + " is not listed before " + table + " (an erasure finds the person's rows there "
          + "first)");
    }
    return java.util.Optional.of(new Via(column, from));
  }

  @SuppressWarnings("unchecked")
  private static List<List<String>> pairs(Node p) {
    List<List<String>> out = new ArrayList<>();
    Object raw = p.raw("typed");
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> list)) {
      throw p.error("typed", "expected a list of [type column, value column] pairs");
    }
    for (Object o : list) {
      if (!(o instanceof List<?> pair) || pair.size() != 2) {
        throw p.error("typed", "expected a list of [type column, value column] pairs but found " + o);
      }
      List<String> columns = ((List<Object>) pair).stream().map(String::valueOf).toList();
      columns.forEach(c -> column(p, "typed", c));
      out.add(columns);
    }
    return out;
  }

  private static void column(Node p, String key, String column) {
    if (!Text.isIdentifier(column)) {
      throw p.error(key, "expected a column name but was '" + column + "'");
    }
  }
}
