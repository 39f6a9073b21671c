package io.llmcache.cache.exact;

import io.llmcache.cache.CacheEntry;
import io.llmcache.cache.EntryKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * The fast tier: entries by exact key. It is a cache of the durable store, so a miss here is not a
 * miss of the cache. Implementations fail with {@code DependencyUnavailableException} rather than wait.
 */
public interface ExactTier {
    /** The entry under this key, if present and not expired at {@code now}. */
    Optional<CacheEntry> get(EntryKey key, Instant now);

    /** Keeps the entry until its expiry; does nothing if it is already expired at {@code now}. */
    void put(EntryKey key, CacheEntry entry, Instant now);

    void delete(Collection<EntryKey> keys);

    /** Throws if the tier does not answer. */
    void ping();
}
