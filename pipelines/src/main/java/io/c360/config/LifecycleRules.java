package io.c360.config;

import java.util.List;

/**
 * A customer's lifecycle stage, from the first of these that holds: {@code lapsed} (last order more
 * than {@code lapsedAfterDays} ago), {@code at_risk} (more than {@code atRiskAfterDays}),
 * {@code repeat} (at least {@code repeatOrders} orders), {@code customer} (one order),
 * {@code lead} (a known identifier such as an e-mail address but no order), {@code anonymous}.
 *
 * @param knownTypes identifier types that make someone known (a lead), e.g. email
 */
public record LifecycleRules(int repeatOrders, int atRiskAfterDays, int lapsedAfterDays, List<String> knownTypes)
    implements java.io.Serializable {
  public static final List<String> STAGES = List.of("anonymous", "lead", "customer", "repeat", "at_risk", "lapsed");

  public LifecycleRules {
    knownTypes = List.copyOf(knownTypes);
  }

  /**
   * @param known whether the customer has an identifier of one of {@link #knownTypes}
   * @param orders orders placed and not cancelled
   * @param daysSinceLastOrder days from the last such order to the as-of day; ignored without orders
   */
  public String stage(boolean known, long orders, long daysSinceLastOrder) {
    if (orders > 0) {
      if (daysSinceLastOrder > lapsedAfterDays) {
        return "lapsed";
      }
      if (daysSinceLastOrder > atRiskAfterDays) {
        return "at_risk";
      }
      return orders >= repeatOrders ? "repeat" : "customer";
    }
    return known ? "lead" : "anonymous";
  }
}
