package io.llmcache.cache.store;

/** Unexpired entries, and how many of them are in the semantic index. */
public record EntryCounts(long entries, long semanticEntries) {
}
