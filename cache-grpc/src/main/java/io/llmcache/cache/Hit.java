package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

/** A lookup answered from the cache; similarity is 1.0 for exact matches. */
public record Hit(CacheEntry entry, Match match, double similarity) {
    public enum Match { EXACT, SEMANTIC }

    public Hit {
        requireNonNull(entry, "entry");
        requireNonNull(match, "match");
    }
}
