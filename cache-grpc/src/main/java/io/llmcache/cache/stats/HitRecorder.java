package io.llmcache.cache.stats;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.CacheException;
import io.llmcache.cache.store.EntryStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-entry hit counters, summed in memory and written in one batch by {@link #flush()}: a popular
 * entry would otherwise take a row lock on every hit, on the hit path.
 */
public final class HitRecorder {
    private static final Logger log = LoggerFactory.getLogger(HitRecorder.class);

    private final EntryStore store;
    private final Clock clock;
    private final ConcurrentHashMap<UUID, LongAdder> pending = new ConcurrentHashMap<>();

    public HitRecorder(EntryStore store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    public void record(UUID entryId) {
        pending.computeIfAbsent(entryId, id -> new LongAdder()).increment();
    }

    /**
     * Writes the pending counts. If PostgreSQL is down they are dropped, and a hit racing with the flush
     * may be lost: these are statistics, not billing.
     */
    public void flush() {
        Map<UUID, Long> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            LongAdder hits = pending.remove(id);
            if (hits != null) {
                batch.put(id, hits.sum());
            }
        }
        try {
            store.recordHits(batch, clock.instant());
        } catch (CacheException e) {
            log.warn("Dropped hit counts of {} entries: {}", batch.size(), e.getMessage());
        }
    }
}
