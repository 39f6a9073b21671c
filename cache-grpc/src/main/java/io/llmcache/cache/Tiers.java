package io.llmcache.cache;

/** Which tiers a lookup may consult or a store may index. */
public enum Tiers {
    EXACT_ONLY,
    EXACT_AND_SEMANTIC,
    OFF;

    public boolean semantic() {
        return this == EXACT_AND_SEMANTIC;
    }
}
