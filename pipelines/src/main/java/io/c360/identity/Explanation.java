package io.c360.identity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why a customer is who it is, as text: its identifiers and the rule that joined each, a tree of
 * the links from one identifier to every other (each with the sources, record counts, times and
 * example record keys that show the two together), the links refused by a rule, the shared
 * identifiers seen with it, and its merges and splits. Plain Java over rows {@link Explain} reads.
 */
final class Explanation {
  /** An identifier of the customer, as {@code type:value}. */
  record Member(String id, String type, String rule) {}

  /** Two identifiers seen together in one source's records. */
  record Evidence(String from, String to, String source, long records, String firstSeen, String lastSeen,
      List<String> examples) {}

  record Refusal(String from, String to, String rule, String detail) {}

  record Shared(String id, String linkedType, long linkedCount) {}

  record Change(String at, String kind, String oldId, String newId, String evidence) {}

  private Explanation() {}

  static String render(String customerId, String start, List<Member> members, List<Evidence> evidence,
      List<Refusal> refusals, List<Shared> shared, List<Change> changes, List<String> typeOrder) {
    Comparator<String> byPriority = Comparator.<String>comparingInt(id -> {
      int i = typeOrder.indexOf(id.substring(0, id.indexOf(':')));
      return i < 0 ? typeOrder.size() : i;
    }).thenComparing(Comparator.naturalOrder());
    StringBuilder out = new StringBuilder();
    out.append("customer ").append(customerId).append(": ").append(members.size())
        .append(members.size() == 1 ? " identifier" : " identifiers").append('\n');
    List<Member> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparing(Member::id, byPriority));
    int width = sorted.stream().mapToInt(m -> m.id().length()).max().orElse(0);
    for (Member m : sorted) {
      out.append("  ").append(pad(m.id(), width)).append("  ").append(m.rule()).append('\n');
    }

    Map<String, List<Evidence>> byPair = new LinkedHashMap<>();
    Map<String, Set<String>> neighbours = new HashMap<>();
    Set<String> linking = new HashSet<>();
    for (Member m : members) {
      if (!m.rule().startsWith("shared")) {
        linking.add(m.id());
      }
    }
    for (Evidence e : evidence) {
      if (!linking.contains(e.from()) || !linking.contains(e.to())) {
        continue;
      }
      byPair.computeIfAbsent(pair(e.from(), e.to()), k -> new ArrayList<>()).add(e);
      neighbours.computeIfAbsent(e.from(), k -> new HashSet<>()).add(e.to());
      neighbours.computeIfAbsent(e.to(), k -> new HashSet<>()).add(e.from());
    }
    if (members.size() > 1) {
      out.append("\nhow they are linked (from ").append(start).append("):\n");
      out.append("  ").append(start).append('\n');
      Set<String> seen = new HashSet<>();
      seen.add(start);
      // Breadth-first, so each identifier hangs from one of the nearest identifiers to the start.
      Map<String, List<String>> children = new HashMap<>();
      Deque<String> queue = new ArrayDeque<>(List.of(start));
      while (!queue.isEmpty()) {
        String at = queue.poll();
        List<String> next = new ArrayList<>(neighbours.getOrDefault(at, Set.of()));
        next.sort(byPriority);
        for (String n : next) {
          if (seen.add(n)) {
            children.computeIfAbsent(at, k -> new ArrayList<>()).add(n);
            queue.add(n);
          }
        }
      }
      tree(out, start, children, byPair, 2);
    }
    if (!refusals.isEmpty()) {
      out.append("\nlinks refused:\n");
      for (Refusal r : refusals) {
        out.append("  ").append(r.from()).append(" ~ ").append(r.to()).append(": ").append(r.rule()).append(", ")
            .append(r.detail()).append('\n');
      }
    }
    if (!shared.isEmpty()) {
      out.append("\nshared identifiers seen with it (they link nobody):\n");
      for (Shared s : shared) {
        out.append("  ").append(s.id()).append(": seen with ").append(s.linkedCount()).append(' ')
            .append(s.linkedType()).append(" values\n");
      }
    }
    if (!changes.isEmpty()) {
      out.append("\nhistory:\n");
      for (Change c : changes) {
        String what = c.kind().equals("merge") ? "merged " + c.oldId() + " into " + c.newId()
            : "split " + c.newId() + " off " + c.oldId();
        out.append("  ").append(c.at()).append(' ').append(what)
            .append(c.evidence() == null ? "" : " (" + c.evidence() + ")").append('\n');
      }
    }
    return out.toString();
  }

  private static void tree(StringBuilder out, String at, Map<String, List<String>> children,
      Map<String, List<Evidence>> byPair, int indent) {
    for (String child : children.getOrDefault(at, List.of())) {
      out.append(" ".repeat(indent)).append("- ").append(child).append('\n');
      List<Evidence> es = new ArrayList<>(byPair.getOrDefault(pair(at, child), List.of()));
      es.sort(Comparator.comparing(Evidence::source));
      for (Evidence e : es) {
        out.append(" ".repeat(indent + 4)).append(e.source()).append(": ").append(e.records())
            .append(e.records() == 1 ? " record, " : " records, ").append(e.firstSeen());
        if (!e.lastSeen().equals(e.firstSeen())) {
          out.append(" to ").append(e.lastSeen());
        }
        if (!e.examples().isEmpty()) {
          out.append(", e.g. ").append(String.join(", ", e.examples()));
        }
        out.append('\n');
      }
      tree(out, child, children, byPair, indent + 2);
    }
  }

  private static String pair(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
