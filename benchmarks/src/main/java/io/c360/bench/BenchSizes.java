package io.c360.bench;

import io.c360.sample.GeneratorSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The data sizes of a scaling run: {@code count} sizes, each four times the customers of the last,
 * over the same days, from the same seed, so the only thing that changes is how much data there is.
 * The generator gives each customer about the same activity per day, so the last of 100 days holds
 * about 1% of the data: the new data of the incremental run.
 */
final class BenchSizes {
  /** Customers of the smallest size at scale 1. */
  static final int BASE_CUSTOMERS = 250;
  /** Days generated unless told otherwise: the last is the incremental run's 1%. */
  public static final int DAYS = 100;

  /** A named size and what to generate for it. */
  public record Size(String name, GeneratorSettings settings) {}

  private BenchSizes() {}

  /** {@code s1..sN} at {@code scale} (1 = 250 customers at the smallest), over {@code days} days. */
  public static List<Size> of(double scale, int count, int days, long seed) {
    if (!(scale > 0) || count < 1 || days < 2) {
      throw new IllegalArgumentException("bench: --scale must be above 0, --sizes at least 1 and --days at least 2 "
          + "(were " + scale + ", " + count + ", " + days + ")");
    }
    List<Size> out = new ArrayList<>();
    long customers = Math.max(10, Math.round(BASE_CUSTOMERS * scale));
    for (int i = 0; i < count; i++) {
      if (customers > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("bench: size s" + (i + 1) + " would have " + customers + " customers");
      }
      out.add(new Size("s" + (i + 1), GeneratorSettings.of((int) customers, days, seed)));
      customers *= 4;
    }
    return out;
  }
}
