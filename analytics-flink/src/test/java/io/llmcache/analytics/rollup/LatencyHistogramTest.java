package io.llmcache.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void quantilesOfAKnownDistributionAreWithinTheStatedError() {
    long[] histogram = new long[0];
    for (long latency = 1; latency <= 1_000; latency++) {
      histogram = LatencyHistogram.add(histogram, latency);
    }
    // Exact p50 = 500 ms, p95 = 950 ms for the uniform 1..1000 ms.
    assertThat((double) LatencyHistogram.quantile(histogram, 0.50))
        .isCloseTo(500, within(500 * LatencyHistogram.RELATIVE_ERROR + 0.5));
    assertThat((double) LatencyHistogram.quantile(histogram, 0.95))
        .isCloseTo(950, within(950 * LatencyHistogram.RELATIVE_ERROR + 0.5));
    assertThat(LatencyHistogram.RELATIVE_ERROR).isLessThan(0.04);
  }

  @Test
  void everySingleValueComesBackWithinTheStatedError() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      long latency = 1 + (long) Math.exp(random.nextDouble() * Math.log(LatencyHistogram.MAX_TRACKED_MS));
      long[] histogram = LatencyHistogram.add(new long[0], Math.min(latency, LatencyHistogram.MAX_TRACKED_MS));
      long reported = LatencyHistogram.quantile(histogram, 0.5);
      assertThat((double) reported).as("latency %d", latency)
          .isCloseTo(Math.min(latency, LatencyHistogram.MAX_TRACKED_MS),
              within(Math.min(latency, LatencyHistogram.MAX_TRACKED_MS) * LatencyHistogram.RELATIVE_ERROR + 0.5));
    }
  }

  @Test
  void sizeIsBoundedAndMergingIsAddingCounts() {
    long[] histogram = LatencyHistogram.add(new long[0], Long.MAX_VALUE);
    assertThat(histogram).hasSize(LatencyHistogram.MAX_BUCKETS);
    assertThat(LatencyHistogram.MAX_BUCKETS).isLessThan(250);

    long[] fast = LatencyHistogram.add(LatencyHistogram.add(new long[0], 0), 10);
    assertThat(fast).hasSize(LatencyHistogram.index(10) + 1);
    assertThat(LatencyHistogram.quantile(fast, 0.5)).isZero();
    assertThat(LatencyHistogram.quantile(fast, 0.95)).isEqualTo(10);
    assertThat(LatencyHistogram.quantile(new long[0], 0.5)).isZero();
    assertThat(Arrays.stream(histogram).sum()).isEqualTo(1);
  }
}
