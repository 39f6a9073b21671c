package io.llmcache.cache.stats;

/** Lookup counters since the counters were created. */
public record LookupTotals(long lookups, long exactHits, long semanticHits, long misses) {
}
