package io.llmcache.analytics.rollup;

import java.util.Arrays;

/**
 * A fixed log-scale histogram of latencies in milliseconds, stored as a plain {@code long[]} of
 * counts so it can live in Flink state and in a PostgreSQL {@code bigint[]} column.
 *
 * <p>Bucket 0 holds 0 ms; bucket {@code k >= 1} holds {@code [GAMMA^(k-1), GAMMA^k)} ms; the last
 * bucket also takes everything above {@link #MAX_TRACKED_MS}. A quantile is reported as the
 * geometric middle of its bucket, so it is within {@link #RELATIVE_ERROR} of the true value (plus
 * rounding to whole milliseconds). Histograms merge by adding counts, which is what
 * {@code analytics.latency_histogram_sum} does in SQL; {@code analytics.latency_quantile} there
 * must stay identical to {@link #quantile}.
 */
public final class LatencyHistogram {
  /** Growth factor between bucket bounds. */
  public static final double GAMMA = 1.08;
  /** Worst relative error of a reported quantile: {@code sqrt(GAMMA) - 1}. */
  public static final double RELATIVE_ERROR = Math.sqrt(GAMMA) - 1;
  /** Latencies above one hour share the last bucket. */
  public static final long MAX_TRACKED_MS = 3_600_000L;
  /** Upper bound of the array length: the state per bucket never exceeds this many longs. */
  public static final int MAX_BUCKETS = index(MAX_TRACKED_MS) + 1;

  private LatencyHistogram() {}

  /** The bucket index of a latency. */
  public static int index(long latencyMs) {
    if (latencyMs <= 0) {
      return 0;
    }
    long clamped = Math.min(latencyMs, MAX_TRACKED_MS);
    return 1 + (int) Math.floor(Math.log(clamped) / Math.log(GAMMA));
  }

  /**
   * Counts one latency; returns {@code counts} itself when it was long enough, else a longer copy.
   * The array only grows to the highest bucket seen, so typical histograms stay a few dozen longs.
   */
  public static long[] add(long[] counts, long latencyMs) {
    int index = index(latencyMs);
    long[] target = counts.length > index ? counts : Arrays.copyOf(counts, index + 1);
    target[index]++;
    return target;
  }

  /**
   * The {@code q}-quantile ({@code 0 < q <= 1}) in whole milliseconds: the representative value of
   * the first bucket whose cumulative count reaches {@code ceil(q * total)}; 0 when empty.
   */
  public static long quantile(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return 0;
    }
    double rank = Math.ceil(q * total);
    long cumulative = 0;
    for (int k = 0; k < counts.length; k++) {
      cumulative += counts[k];
      if (cumulative >= rank) {
        return representative(k);
      }
    }
    return representative(counts.length - 1);
  }

  private static long representative(int k) {
    return k == 0 ? 0 : Math.round(Math.pow(GAMMA, k - 0.5));
  }
}
