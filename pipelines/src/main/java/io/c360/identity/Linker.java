package io.c360.identity;

import io.c360.config.IdentityRules;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which links of one connected component are accepted, so that no customer breaks a rule:
 * at most {@code max-per-customer} values of a type, at most {@code components.max-size}
 * identifiers. Links are taken strongest first (see {@code order}) and joined with a union-find;
 * a link that would make a customer break a rule is refused, and the refusal says which. A
 * component that breaks no rule keeps every link; one that does is split at its weakest links.
 * Plain Java, run by Spark once per component that needs it; the result depends only on the
 * component's links, never on their order of arrival.
 */
final class Linker implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An identifier of the component. */
  record Node(long id, String type, String value) implements Serializable {}

  /**
   * Two identifiers seen together in {@code records} source records (all sources), first at
   * {@code firstSeen} (epoch milliseconds).
   */
  record Link(long from, long to, long records, long firstSeen) implements Serializable {
    Link(long from, long to, long records) {
      this(from, to, records, 0L);
    }
  }

  /** Where an identifier ended: its group (the smallest node id in it) and the link that joined it. */
  record Placement(long node, long group, String rule) implements Serializable {}

  /** A link not used, and why. */
  record Refusal(long from, long to, String rule, String detail) implements Serializable {}

  record Outcome(List<Placement> placements, List<Refusal> refusals) {}

  private final List<String> types;
  private final Map<String, Integer> limits;
  private final int maxSize;

  Linker(IdentityRules rules) {
    this.types = List.copyOf(rules.types().names());
    this.limits = Map.copyOf(rules.maxPerCustomer());
    this.maxSize = rules.maxComponentSize();
  }

  private int priority(String type) {
    int i = types.indexOf(type);
    return i < 0 ? types.size() : i;
  }

  /**
   * Strongest first: the link whose weaker identifier has the higher priority (a user id with an
   * e-mail before an e-mail with a phone), then the one whose stronger identifier has, then the one
   * seen in more records, then the one seen first (an established link is not broken by an equally
   * strong newcomer); ties by the identifiers' values, so the order is total.
   */
  private Comparator<Link> order(Map<Long, Node> nodes) {
    Comparator<Link> weaker = Comparator.comparingInt(l -> Math.max(priority(nodes.get(l.from()).type()),
        priority(nodes.get(l.to()).type())));
    Comparator<Link> stronger = Comparator.comparingInt(l -> Math.min(priority(nodes.get(l.from()).type()),
        priority(nodes.get(l.to()).type())));
    return weaker.thenComparing(stronger)
        .thenComparing(Comparator.comparingLong(Link::records).reversed())
        .thenComparingLong(Link::firstSeen)
        .thenComparing(l -> key(nodes, l));
  }

  private static String key(Map<Long, Node> nodes, Link l) {
    String a = nodes.get(l.from()).type() + ":" + nodes.get(l.from()).value();
    String b = nodes.get(l.to()).type() + ":" + nodes.get(l.to()).value();
    return a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
  }

  /** How a link is named in identity_map's rule column, e.g. {@code email~user_id}. */
  static String ruleOf(Node a, Node b) {
    return a.type().compareTo(b.type()) <= 0 ? a.type() + "~" + b.type() : b.type() + "~" + a.type();
  }

  Outcome link(List<Node> nodeList, List<Link> links) {
    Map<Long, Node> nodes = new HashMap<>();
    for (Node n : nodeList) {
      nodes.put(n.id(), n);
    }
    Map<Long, Group> groupOf = new HashMap<>();
    for (Node n : nodeList) {
      groupOf.put(n.id(), new Group(n));
    }
    Map<Long, String> rule = new HashMap<>();
    List<Refusal> refusals = new ArrayList<>();
    List<Link> sorted = new ArrayList<>(links);
    sorted.sort(order(nodes));
    for (Link l : sorted) {
      Group a = find(groupOf, l.from());
      Group b = find(groupOf, l.to());
      String name = ruleOf(nodes.get(l.from()), nodes.get(l.to()));
      if (a == b) {
        rule.putIfAbsent(l.from(), name);
        rule.putIfAbsent(l.to(), name);
        continue;
      }
      String broken = broken(a, b);
      if (broken != null) {
        refusals.add(new Refusal(l.from(), l.to(), broken.substring(0, broken.indexOf(' ')),
            broken.substring(broken.indexOf(' ') + 1)));
        continue;
      }
      Group into = a.size >= b.size ? a : b;
      Group from = into == a ? b : a;
      into.absorb(from);
      from.parent = into;
      rule.putIfAbsent(l.from(), name);
      rule.putIfAbsent(l.to(), name);
    }
    List<Placement> placements = new ArrayList<>();
    for (Node n : nodeList) {
      Group g = find(groupOf, n.id());
      placements.add(new Placement(n.id(), g.smallest, rule.getOrDefault(n.id(), "single")));
    }
    return new Outcome(placements, refusals);
  }

  /** The first rule that joining the two groups would break, as "rule detail", or null. */
  private String broken(Group a, Group b) {
    for (String type : types) { // highest priority first: the same rule is named on every run
      Integer limit = limits.get(type);
      int together = a.count(type) + b.count(type);
      if (limit != null && together > limit) {
        return "max-per-customer:" + type + " would give a customer " + together + " " + type
            + " values (at most " + limit + ")";
      }
    }
    if (a.size + b.size > maxSize) {
      return "max-size would give a customer " + (a.size + b.size) + " identifiers (at most " + maxSize + ")";
    }
    return null;
  }

  private static Group find(Map<Long, Group> groupOf, long node) {
    Group g = groupOf.get(node);
    Group root = g;
    while (root.parent != null) {
      root = root.parent;
    }
    while (g.parent != null && g.parent != root) { // path compression
      Group next = g.parent;
      g.parent = root;
      g = next;
    }
    groupOf.put(node, root);
    return root;
  }

  /** A union-find set with its size, smallest node and values per type. */
  private static final class Group {
    Group parent;
    int size = 1;
    long smallest;
    final Map<String, Integer> perType = new HashMap<>();

    Group(Node n) {
      smallest = n.id();
      perType.put(n.type(), 1);
    }

    int count(String type) {
      return perType.getOrDefault(type, 0);
    }

    void absorb(Group other) {
      size += other.size;
      smallest = Math.min(smallest, other.smallest);
      other.perType.forEach((t, c) -> perType.merge(t, c, Integer::sum));
    }
  }
}
