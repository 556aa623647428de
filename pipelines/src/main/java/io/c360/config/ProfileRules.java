package io.c360.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code conf/profile.yaml}: how gold builds the customer-360. Survivorship per attribute, RFM
 * scores and segments, lifecycle stages, marketing segments and their activations.
 */
public record ProfileRules(Map<String, SurvivorshipRule> survivorship, RfmRules rfm, LifecycleRules lifecycle,
    List<SegmentDefinition> segments, List<ActivationConfig> activations) {

  /** The attributes of the golden record, each chosen among the sources' values by a rule. */
  public static final List<String> ATTRIBUTES = List.of("email", "phone", "first_name", "last_name", "birth_date",
      "address", "country_code", "locale");

  private static final Set<String> KEYS = Set.of("survivorship", "rfm", "lifecycle", "segments", "activations");

  public ProfileRules {
    // In ATTRIBUTES order, so toString (part of gold's definition hash) is the same in every JVM.
    Map<String, SurvivorshipRule> ordered = new LinkedHashMap<>();
    for (String a : ATTRIBUTES) {
      if (survivorship.containsKey(a)) {
        ordered.put(a, survivorship.get(a));
      }
    }
    for (String k : new java.util.TreeSet<>(survivorship.keySet())) {
      ordered.putIfAbsent(k, survivorship.get(k));
    }
    survivorship = java.util.Collections.unmodifiableMap(ordered);
    segments = List.copyOf(segments);
    activations = List.copyOf(activations);
  }

  public SurvivorshipRule rule(String attribute) {
    return survivorship.get(attribute);
  }

  public Optional<SegmentDefinition> segment(String name) {
    return segments.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public ActivationConfig activation(String name) {
    return activations.stream().filter(a -> a.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown activation " + name));
  }

  /**
   * @param sources the declared sources' names (survivorship priorities must name them)
   * @param identifierTypes identity.yaml's types (lifecycle's known types must be among them)
   */
  public static ProfileRules load(Path file, Collection<String> sources, Collection<String> identifierTypes) {
    if (!Files.exists(file)) {
      throw new ConfigException(Paths.display(file) + ": file not found (it says how gold builds the customer-360)");
    }
    Node n = new Node(Yaml.read(file), Paths.display(file), "").allowOnly(KEYS);
    Map<String, SurvivorshipRule> survivorship = survivorship(n.child("survivorship"), sources);
    LifecycleRules lifecycle = lifecycle(n.child("lifecycle"), identifierTypes);
    List<SegmentDefinition> segments = segments(n);
    List<ActivationConfig> activations = activations(n, segments);
    return new ProfileRules(survivorship, rfm(n.child("rfm")), lifecycle, segments, activations);
  }

  private static Map<String, SurvivorshipRule> survivorship(Node n, Collection<String> sources) {
    n.allowOnly(ATTRIBUTES);
    Map<String, SurvivorshipRule> out = new LinkedHashMap<>();
    for (String attribute : ATTRIBUTES) {
      if (!n.has(attribute)) {
        out.put(attribute, new SurvivorshipRule(attribute, SurvivorshipRule.Policy.MOST_RECENT, List.of()));
        continue;
      }
      Node a = n.child(attribute).allowOnly(Set.of("rule", "sources"));
      String id = a.string("rule");
      SurvivorshipRule.Policy policy = SurvivorshipRule.Policy.of(id).orElseThrow(() -> a.error("rule",
          "unknown rule '" + id + "' (expected one of: source-priority, most-recent, most-frequent, first-non-null)"));
      List<String> priority = a.strings("sources");
      if (policy == SurvivorshipRule.Policy.SOURCE_PRIORITY && priority.isEmpty()) {
        throw a.error("sources", "rule source-priority needs the sources in order, e.g. [crm_contacts, web_events]");
      }
      if (policy != SurvivorshipRule.Policy.SOURCE_PRIORITY && !priority.isEmpty()) {
        throw a.error("sources", "only rule source-priority orders sources");
      }
      for (String s : priority) {
        if (!sources.contains(s)) {
          throw a.error("sources", "unknown source '" + s + "' (declared: " + Text.list(new java.util.TreeSet<>(sources)) + ")");
        }
      }
      out.put(attribute, new SurvivorshipRule(attribute, policy, priority));
    }
    return out;
  }

  private static RfmRules rfm(Node n) {
    n.allowOnly(Set.of("recency-days", "frequency", "monetary", "segments"));
    List<Integer> recency = ascending(n, "recency-days").stream().map(Double::intValue).toList();
    List<Integer> frequency = ascending(n, "frequency").stream().map(Double::intValue).toList();
    List<Double> monetary = ascending(n, "monetary");
    List<RfmRules.Segment> segments = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node s : n.children("segments")) {
      s.allowOnly(Set.of("name", "recency", "frequency", "monetary"));
      String name = identifier(s, "name");
      if (!names.add(name)) {
        throw s.error("name", "another RFM segment is already named " + name);
      }
      segments.add(new RfmRules.Segment(name, range(s, "recency"), range(s, "frequency"), range(s, "monetary")));
    }
    return new RfmRules(recency, frequency, monetary, segments);
  }

  /** Four ascending thresholds. */
  private static List<Double> ascending(Node n, String key) {
    List<String> values = n.strings(key);
    if (values.size() != 4) {
      throw n.error(key, "expected four ascending thresholds (scores 5 to 2) but found " + values.size());
    }
    List<Double> out = new ArrayList<>();
    for (String v : values) {
      try {
        double d = Double.parseDouble(v);
        if (!out.isEmpty() && d <= out.get(out.size() - 1)) {
          throw n.error(key, "expected ascending thresholds but " + v + " follows " + out.get(out.size() - 1));
        }
        out.add(d);
      } catch (NumberFormatException e) {
        throw n.error(key, "expected a number but was '" + v + "'");
      }
    }
    return out;
  }

  /** An inclusive score range "2-5" or a single score "3"; 1-5 when not given. */
  private static RfmRules.Range range(Node n, String key) {
    Optional<String> text = n.optionalString(key);
    if (text.isEmpty()) {
      return new RfmRules.Range(1, 5);
    }
    String t = text.get();
    if (!t.matches("[1-5](-[1-5])?")) {
      throw n.error(key, "expected a score 1-5 or a range such as 4-5 but was '" + t + "'");
    }
    int low = t.charAt(0) - '0';
    int high = t.length() == 1 ? low : t.charAt(2) - '0';
    if (low > high) {
      throw n.error(key, "expected a range from low to high but was '" + t + "'");
    }
    return new RfmRules.Range(low, high);
  }

  private static LifecycleRules lifecycle(Node n, Collection<String> identifierTypes) {
    n.allowOnly(Set.of("repeat-orders", "at-risk-after-days", "lapsed-after-days", "known-types"));
    int repeat = n.integer("repeat-orders", 2);
    int atRisk = n.integer("at-risk-after-days", 90);
    int lapsed = n.integer("lapsed-after-days", 180);
    if (repeat < 2) {
      throw n.error("repeat-orders", "expected 2 or more but was " + repeat);
    }
    if (atRisk < 1 || lapsed <= atRisk) {
      throw n.error("lapsed-after-days", "expected at-risk-after-days (" + atRisk + ") to be at least 1 and below "
          + "lapsed-after-days (" + lapsed + ")");
    }
    List<String> known = n.strings("known-types");
    if (known.isEmpty()) {
      known = identifierTypes.stream().filter(t -> !t.equals("anonymous_id") && !t.equals("device_id")).toList();
    }
    for (String t : known) {
      if (!identifierTypes.contains(t)) {
        throw n.error("known-types", "unknown identifier type '" + t + "' (identity.yaml declares: "
            + Text.list(new java.util.TreeSet<>(identifierTypes)) + ")");
      }
    }
    return new LifecycleRules(repeat, atRisk, lapsed, known);
  }

  private static List<SegmentDefinition> segments(Node n) {
    List<SegmentDefinition> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node s : n.children("segments")) {
      s.allowOnly(Set.of("name", "description", "where", "consent"));
      String name = identifier(s, "name");
      if (!names.add(name)) {
        throw s.error("name", "another segment is already named " + name);
      }
      String where = s.string("where");
      if (where.contains(";")) {
        throw s.error("where", "expected one SQL predicate over gold.customer_360's columns, without ';'");
      }
      Optional<SegmentDefinition.Consent> consent = Optional.empty();
      if (s.has("consent")) {
        Node c = s.child("consent").allowOnly(Set.of("purpose", "channel"));
        consent = Optional.of(new SegmentDefinition.Consent(identifier(c, "purpose"), identifier(c, "channel")));
      }
      out.add(new SegmentDefinition(name, s.string("description", ""), where, consent));
    }
    return out;
  }

  private static List<ActivationConfig> activations(Node n, List<SegmentDefinition> segments) {
    List<ActivationConfig> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node a : n.children("activations")) {
      a.allowOnly(Set.of("name", "segment", "kind", "format", "table", "url-env", "user-env", "password-env",
          "columns"));
      String name = identifier(a, "name");
      if (!names.add(name)) {
        throw a.error("name", "another activation is already named " + name);
      }
      String segment = a.string("segment");
      if (segments.stream().noneMatch(s -> s.name().equals(segment))) {
        throw a.error("segment", "unknown segment '" + segment + "' (declared: "
            + Text.list(segments.stream().map(SegmentDefinition::name).sorted().toList()) + ")");
      }
      String kindText = a.string("kind");
      ActivationConfig.Kind kind = switch (kindText) {
        case "file" -> ActivationConfig.Kind.FILE;
        case "jdbc" -> ActivationConfig.Kind.JDBC;
        default -> throw a.error("kind", "unknown kind '" + kindText + "' (expected file or jdbc)");
      };
      String format = a.string("format", kind == ActivationConfig.Kind.FILE ? "csv" : "");
      if (kind == ActivationConfig.Kind.FILE && !format.equals("csv") && !format.equals("parquet")) {
        throw a.error("format", "expected csv or parquet but was '" + format + "'");
      }
      Optional<String> table = a.optionalString("table");
      if (kind == ActivationConfig.Kind.JDBC) {
        String t = table.orElseThrow(() -> a.error("table", "a jdbc activation names the table it upserts into"));
        if (!t.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?")) {
          throw a.error("table", "expected a lower-case table name, optionally schema.table, but was '" + t + "'");
        }
        a.string("url-env");
      }
      List<String> columns = a.strings("columns");
      if (columns.isEmpty()) {
        throw a.error("columns", "list the columns the destination may receive (customer_id is always sent)");
      }
      for (String c : columns) {
        if (!Text.isIdentifier(c)) {
          throw a.error("columns", "expected column names but found '" + c + "'");
        }
      }
      List<String> all = new ArrayList<>(List.of("customer_id"));
      columns.stream().filter(c -> !c.equals("customer_id")).forEach(all::add);
      out.add(new ActivationConfig(name, segment, kind, format, table, a.optionalString("url-env"),
          a.optionalString("user-env"), a.optionalString("password-env"), all));
    }
    return out;
  }

  private static String identifier(Node n, String key) {
    String v = n.string(key);
    if (!Text.isIdentifier(v)) {
      throw n.error(key, "expected a lower-case identifier but was '" + v + "'");
    }
    return v;
  }
}
