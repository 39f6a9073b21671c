package io.llmcache.gateway.usage.report;

import java.time.Instant;
import java.util.Objects;

/**
 * The sums of the rollup rows of one bucket and group; money in micro-dollars, latency percentiles of the
 * merged latency histograms of those rows.
 *
 * @param group the model or the API key id, per the report's {@link GroupBy}
 */
public record UsageSeriesPoint(Instant bucketStart, String group, long requests, long exactHits, long semanticHits,
                               long misses, long bypasses, long errors, long tokensSaved, long savedCostMicros,
                               long upstreamCostMicros, long latencyP50Ms, long latencyP95Ms) {

    public UsageSeriesPoint {
        Objects.requireNonNull(bucketStart, "bucketStart");
        Objects.requireNonNull(group, "group");
    }
}
