package io.c360.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.IdentifierTypes;
import io.c360.config.IdentityRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The linking decisions, without Spark. */
class LinkerTest {
  private static final IdentityRules RULES = new IdentityRules(
      new IdentifierTypes(List.of("user_id", "crm_id", "email", "phone", "anonymous_id")),
      Map.of("user_id", 1, "email", 2), Set.of(), List.of(), 3).withLimits(Map.of("user_id", 1, "email", 2), 6);

  private final List<Linker.Node> nodes = new ArrayList<>();
  private final List<Linker.Link> links = new ArrayList<>();

  private long node(String id) {
    for (Linker.Node n : nodes) {
      if ((n.type() + ":" + n.value()).equals(id)) {
        return n.id();
      }
    }
    String[] p = id.split(":", 2);
    nodes.add(new Linker.Node(nodes.size() + 1, p[0], p[1]));
    return nodes.size();
  }

  private void link(String a, String b, long records) {
    links.add(new Linker.Link(node(a), node(b), records));
  }

  /** Groups as sorted lists of identifiers, and each identifier's rule. */
  private static Map<String, String> describe(List<Linker.Node> nodes, Linker.Outcome outcome) {
    Map<Long, List<String>> groups = new TreeMap<>();
    Map<String, String> rules = new TreeMap<>();
    for (Linker.Placement p : outcome.placements()) {
      Linker.Node n = nodes.stream().filter(x -> x.id() == p.node()).findFirst().orElseThrow();
      groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(n.type() + ":" + n.value());
      rules.put(n.type() + ":" + n.value(), p.rule());
    }
    Map<String, String> out = new TreeMap<>();
    groups.values().forEach(g -> {
      Collections.sort(g);
      out.put(String.join(" ", g), g.stream().map(rules::get).collect(Collectors.joining(" ")));
    });
    return out;
  }

  @Test
  void aComponentThatBreaksNoRuleKeepsEveryLink() {
    link("anonymous_id:d1", "user_id:u1", 3);
    link("user_id:u1", "email:a@x.com", 1);
    link("email:a@x.com", "phone:+441", 1);
    Linker.Outcome outcome = new Linker(RULES).link(nodes, links);
    assertThat(outcome.refusals()).isEmpty();
    assertThat(describe(nodes, outcome)).containsExactly(Map.entry(
        "anonymous_id:d1 email:a@x.com phone:+441 user_id:u1", "anonymous_id~user_id email~user_id email~phone email~user_id"));
  }

  @Test
  void twoUserIdsJoinedByAPhoneAreKeptApartByRefusingTheWeakerLink() {
    // u1 - a@x.com - +441 - b@x.com - u2: the phone links two customers that each have a user id.
    link("user_id:u1", "email:a@x.com", 5);
    link("user_id:u2", "email:b@x.com", 5);
    link("email:a@x.com", "phone:+441", 2);
    link("email:b@x.com", "phone:+441", 1);
    Linker.Outcome outcome = new Linker(RULES).link(nodes, links);
    // The phone goes with a@x.com (seen together in more records); its link to b@x.com is refused.
    assertThat(describe(nodes, outcome)).containsOnlyKeys("email:a@x.com phone:+441 user_id:u1",
        "email:b@x.com user_id:u2");
    assertThat(outcome.refusals()).singleElement().satisfies(r -> {
      assertThat(r.rule()).isEqualTo("max-per-customer:user_id");
      assertThat(r.detail()).isEqualTo("would give a customer 2 user_id values (at most 1)");
      assertThat(Set.of(r.from(), r.to())).containsExactlyInAnyOrder(node("email:b@x.com"), node("phone:+441"));
    });
  }

  @Test
  void theOrderOfTheLinksDoesNotChangeTheOutcome() {
    link("user_id:u1", "email:a@x.com", 5);
    link("user_id:u2", "email:b@x.com", 5);
    link("email:a@x.com", "phone:+441", 1);
    link("email:b@x.com", "phone:+441", 1);
    link("email:c@x.com", "phone:+441", 1);
    Map<String, String> first = describe(nodes, new Linker(RULES).link(nodes, links));
    Collections.reverse(links);
    Collections.reverse(nodes);
    assertThat(describe(nodes, new Linker(RULES).link(nodes, links))).isEqualTo(first);
  }

  @Test
  void aCustomerOverTheSizeLimitIsSplitAtItsWeakestLinks() {
    // A chain of seven anonymous ids behind one e-mail: at most six identifiers per customer.
    for (int i = 1; i <= 7; i++) {
      link("email:a@x.com", "anonymous_id:d" + i, 8 - i);
    }
    Linker.Outcome outcome = new Linker(RULES).link(nodes, links);
    assertThat(describe(nodes, outcome)).containsOnlyKeys(
        "anonymous_id:d1 anonymous_id:d2 anonymous_id:d3 anonymous_id:d4 anonymous_id:d5 email:a@x.com",
        "anonymous_id:d6", "anonymous_id:d7");
    assertThat(outcome.refusals()).extracting(Linker.Refusal::rule).containsExactly("max-size", "max-size");
    assertThat(outcome.refusals().get(0).detail()).isEqualTo("would give a customer 7 identifiers (at most 6)");
  }
}
