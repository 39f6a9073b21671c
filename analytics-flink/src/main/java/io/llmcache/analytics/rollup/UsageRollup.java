package io.llmcache.analytics.rollup;

/**
 * The absolute totals of one {@code analytics.usage_rollup} row so far, as written by the sink.
 * Emitted whole and upserted, so writing the same totals twice changes nothing.
 *
 * @param latencyHistogram counts per {@link LatencyHistogram} bucket
 * @param latencyP50Ms median latency, within {@link LatencyHistogram#RELATIVE_ERROR}
 * @param latencyP95Ms 95th percentile latency, within {@link LatencyHistogram#RELATIVE_ERROR}
 */
public record UsageRollup(
    RollupKey key,
    UsageCounts counts,
    long[] latencyHistogram,
    long latencyP50Ms,
    long latencyP95Ms) {

  /** The row for {@code key} from its counts and latency histogram. */
  public static UsageRollup of(RollupKey key, UsageCounts counts, long[] latencyHistogram) {
    return new UsageRollup(key, counts, latencyHistogram.clone(),
        LatencyHistogram.quantile(latencyHistogram, 0.50),
        LatencyHistogram.quantile(latencyHistogram, 0.95));
  }
}
