package io.c360.config;

import java.util.List;
import java.util.Optional;

/**
 * Recency, frequency and monetary scores from 1 to 5 by stated thresholds (not quantiles, so a
 * customer's scores move only with their own orders), and the RFM segment of a combination of
 * scores: the first rule whose ranges hold.
 *
 * @param recencyDays four ascending day counts: a last order within the first scores 5, within the
 *     second 4, and so on; older scores 1
 * @param frequency four ascending order counts: at least the last scores 5, at least the first 2
 * @param monetary four ascending revenues in the reporting currency, scored like frequency
 */
public record RfmRules(List<Integer> recencyDays, List<Integer> frequency, List<Double> monetary,
    List<Segment> segments) implements java.io.Serializable {

  /** An inclusive range of scores. */
  public record Range(int low, int high) implements java.io.Serializable {
    boolean holds(int score) {
      return score >= low && score <= high;
    }
  }

  /** A named RFM segment: inclusive score ranges, each 1-5 when not given. */
  public record Segment(String name, Range recency, Range frequency, Range monetary) implements java.io.Serializable {
    boolean matches(int r, int f, int m) {
      return recency.holds(r) && frequency.holds(f) && monetary.holds(m);
    }
  }

  public RfmRules {
    recencyDays = List.copyOf(recencyDays);
    frequency = List.copyOf(frequency);
    monetary = List.copyOf(monetary);
    segments = List.copyOf(segments);
  }

  /** 5 for a last order at most {@code recencyDays[0]} days ago, ..., 1 beyond the last threshold. */
  public int recencyScore(long daysSinceLastOrder) {
    for (int i = 0; i < recencyDays.size(); i++) {
      if (daysSinceLastOrder <= recencyDays.get(i)) {
        return 5 - i;
      }
    }
    return 1;
  }

  /** 1 below {@code frequency[0]} orders, ..., 5 from the last threshold. */
  public int frequencyScore(long orders) {
    int score = 1;
    for (int threshold : frequency) {
      if (orders >= threshold) {
        score++;
      }
    }
    return score;
  }

  /** 1 below {@code monetary[0]}, ..., 5 from the last threshold. */
  public int monetaryScore(double revenue) {
    int score = 1;
    for (double threshold : monetary) {
      if (revenue >= threshold) {
        score++;
      }
    }
    return score;
  }

  /** The first segment whose ranges hold the three scores, if any. */
  public Optional<String> segment(int recency, int frequency, int monetary) {
    return segments.stream().filter(s -> s.matches(recency, frequency, monetary)).map(Segment::name).findFirst();
  }
}
