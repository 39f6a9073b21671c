package io.llmcache.cache;

/** Entry counts from the durable store and lookup counters of a tenant (or one of its namespaces). */
public record CacheStats(long entries, long semanticEntries, long lookups, long exactHits, long semanticHits,
                         long misses) {
}
