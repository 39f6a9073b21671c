package io.llmcache.gateway.stats;

/** Sums of the analytics rollup rows for one tenant or for all; money in micro-dollars. */
public record UsageTotals(long requests, long exactHits, long semanticHits, long misses, long bypasses, long errors,
                          long tokensSaved, long savedCostMicros, long upstreamCostMicros) {

    public static final UsageTotals EMPTY = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
