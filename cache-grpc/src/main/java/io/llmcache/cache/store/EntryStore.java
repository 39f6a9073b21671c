package io.llmcache.cache.store;

import io.llmcache.cache.CacheEntry;
import io.llmcache.cache.EntryKey;
import io.llmcache.cache.NewEntry;
import io.llmcache.cache.Scope;
import io.llmcache.cache.SemanticKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable entries and the semantic index. Every query is restricted to one tenant; expiry is
 * judged against the {@code now} the caller passes (from its injected clock).
 */
public interface EntryStore {
    /** Inserts the entry, or refreshes the one under the same exact key (keeping its id). */
    CacheEntry upsert(NewEntry entry, float[] embedding, Instant now);

    Optional<CacheEntry> findExact(EntryKey key, Instant now);

    /**
     * Nearest indexed entries of the same scope and context fingerprint, unexpired and created at or
     * after {@code notBefore}, most similar first.
     */
    List<SemanticCandidate> nearest(Scope scope, SemanticKey key, float[] embedding, Instant now,
                                    Instant notBefore, int limit);

    /** Adds served hits to the entries' counters; unknown ids are ignored. */
    void recordHits(Map<UUID, Long> hitsById, Instant at);

    /** Removes the entry if it belongs to the tenant; returns the removed keys. */
    List<EntryKey> deleteById(String tenantId, UUID id);

    List<EntryKey> deleteByExactKey(EntryKey key);

    List<EntryKey> deleteNamespace(Scope scope);

    /** Counts the tenant's unexpired entries, in one namespace or (empty) in all. */
    EntryCounts count(String tenantId, Optional<String> namespace, Instant now);

    /** Deletes up to {@code limit} entries expired at {@code now}; returns how many. */
    int deleteExpired(Instant now, int limit);

    /** Throws if the store does not answer. */
    void ping();
}
