package io.llmcache.cache.stats;

/** How a counted lookup ended. */
public enum LookupOutcome {
    EXACT_HIT("exact_hits"),
    SEMANTIC_HIT("semantic_hits"),
    MISS("misses");

    private final String counterName;

    LookupOutcome(String counterName) {
        this.counterName = counterName;
    }

    public String counterName() {
        return counterName;
    }
}
