package io.c360.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a stage's time grows with its data, from results at several sizes: the exponent k of
 * seconds ~ rows^k between the smallest and the largest size (1 is linear), and the verdicts on
 * the targets: ahead of the baseline at every size, no worse than about linear. A stage compared
 * with two baselines is reported once for each.
 */
final class Growth {
  /** Above this the growth is reported as worse than linear (timing noise allowed for). */
  static final double ABOUT_LINEAR = 1.15;

  /** One stage's growth against one baseline. */
  public record Stage(String stage, String baseline, double exponent, boolean aheadEverywhere, boolean aboutLinear) {
    public String describe() {
      String growth = Double.isNaN(exponent) ? "growth not measured (one size)"
          : String.format(Locale.ROOT, "time ~ rows^%.2f (%s)", exponent,
              aboutLinear ? "about linear or better" : "worse than linear");
      return String.format(Locale.ROOT, "%s vs %s: %s, %s", stage, baseline, growth,
          aheadEverywhere ? "ahead of it at every size" : "behind it at some size");
    }
  }

  private Growth() {}

  public static List<Stage> of(List<StageResult> results) {
    Map<List<String>, List<StageResult>> byStage = new LinkedHashMap<>();
    results.forEach(r -> byStage.computeIfAbsent(List.of(r.stage(), r.baseline()), s -> new ArrayList<>()).add(r));
    List<Stage> out = new ArrayList<>();
    byStage.forEach((key, rs) -> {
      List<StageResult> sorted = rs.stream().sorted(Comparator.comparingLong(StageResult::rows)).toList();
      StageResult small = sorted.get(0);
      StageResult large = sorted.get(sorted.size() - 1);
      double exponent = large.rows() == small.rows() ? Double.NaN
          : Math.log(large.seconds() / small.seconds()) / Math.log((double) large.rows() / small.rows());
      boolean ahead = rs.stream().allMatch(r -> r.ratio() < 1.0);
      out.add(new Stage(key.get(0), key.get(1), exponent, ahead, !(exponent > ABOUT_LINEAR)));
    });
    return out;
  }
}
