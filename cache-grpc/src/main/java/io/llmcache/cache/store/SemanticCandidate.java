package io.llmcache.cache.store;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.CacheEntry;

/** A nearest neighbour of a query embedding, with its cosine similarity. */
public record SemanticCandidate(CacheEntry entry, double similarity) {
    public SemanticCandidate {
        requireNonNull(entry, "entry");
    }
}
