package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.embedding.Embedder;
import io.llmcache.cache.exact.ExactTier;
import io.llmcache.cache.semantic.SemanticMatcher;
import io.llmcache.cache.stats.HitRecorder;
import io.llmcache.cache.stats.LookupCounters;
import io.llmcache.cache.stats.LookupOutcome;
import io.llmcache.cache.stats.LookupTotals;
import io.llmcache.cache.store.EntryCounts;
import io.llmcache.cache.store.EntryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cache's behaviour over its tiers: exact (fast tier, then the durable row), then a verified
 * semantic match. The durable store is the truth; the exact tier only ever holds copies of its rows.
 * All methods block: call them from worker threads.
 */
public final class TieredCache {
    private final ExactTier exactTier;
    private final EntryStore store;
    private final Embedder embedder;
    private final SemanticMatcher semanticMatcher;
    private final LookupCounters counters;
    private final HitRecorder hitRecorder;
    private final Clock clock;

    public TieredCache(ExactTier exactTier, EntryStore store, Embedder embedder, SemanticMatcher semanticMatcher,
                       LookupCounters counters, HitRecorder hitRecorder, Clock clock) {
        this.exactTier = requireNonNull(exactTier, "exactTier");
        this.store = requireNonNull(store, "store");
        this.embedder = requireNonNull(embedder, "embedder");
        this.semanticMatcher = requireNonNull(semanticMatcher, "semanticMatcher");
        this.counters = requireNonNull(counters, "counters");
        this.hitRecorder = requireNonNull(hitRecorder, "hitRecorder");
        this.clock = requireNonNull(clock, "clock");
    }

    /** A hit, or empty on a miss. Mode OFF consults nothing and is not counted as a lookup. */
    public Optional<Hit> lookup(LookupQuery query) {
        if (query.tiers() == Tiers.OFF) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant notBefore = query.maxAge().map(now::minus).orElse(Instant.EPOCH);
        Optional<Hit> hit = exactHit(new EntryKey(query.scope(), query.exactKey()), now, notBefore);
        if (hit.isEmpty() && query.tiers().semantic() && query.semanticKey().isPresent()) {
            hit = semanticMatcher.match(query.scope(), query.semanticKey().get(), now, notBefore);
        }
        counters.record(query.scope(), hit.map(TieredCache::outcome).orElse(LookupOutcome.MISS));
        hit.ifPresent(h -> hitRecorder.record(h.entry().id()));
        return hit;
    }

    private Optional<Hit> exactHit(EntryKey key, Instant now, Instant notBefore) {
        Optional<CacheEntry> entry = exactTier.get(key, now);
        if (entry.isEmpty()) {
            // The fast tier may have evicted or lost the entry; the durable row answers and refills it.
            entry = store.findExact(key, now);
            entry.ifPresent(found -> exactTier.put(key, found, now));
        }
        return entry.filter(found -> !found.createdAt().isBefore(notBefore))
                .map(found -> new Hit(found, Hit.Match.EXACT, 1.0));
    }

    /** Stores (or refreshes) the entry durably first, then in the exact tier. */
    public CacheEntry store(NewEntry entry) {
        Instant now = clock.instant();
        float[] embedding = entry.indexSemantic() ? embedder.embed(entry.semanticKey().orElseThrow().text()) : null;
        CacheEntry stored = store.upsert(entry, embedding, now);
        exactTier.put(new EntryKey(entry.scope(), entry.exactKey()), stored, now);
        return stored;
    }

    /** Removes the target's rows, then their exact-tier copies; returns how many entries were removed. */
    public long invalidate(Scope scope, InvalidationTarget target) {
        List<EntryKey> removed;
        Set<EntryKey> exactKeys = new LinkedHashSet<>();
        if (target instanceof InvalidationTarget.EntryId byId) {
            removed = store.deleteById(scope.tenantId(), byId.id());
        } else if (target instanceof InvalidationTarget.ExactKey byKey) {
            EntryKey key = new EntryKey(scope, byKey.exactKey());
            removed = store.deleteByExactKey(key);
            exactKeys.add(key); // even without a row, a stale copy must go
        } else {
            removed = store.deleteNamespace(scope);
        }
        exactKeys.addAll(removed);
        exactTier.delete(exactKeys);
        return removed.size();
    }

    public CacheStats stats(String tenantId, Optional<String> namespace) {
        EntryCounts counts = store.count(tenantId, namespace, clock.instant());
        LookupTotals totals = counters.totals(tenantId, namespace);
        return new CacheStats(counts.entries(), counts.semanticEntries(), totals.lookups(), totals.exactHits(),
                totals.semanticHits(), totals.misses());
    }

    private static LookupOutcome outcome(Hit hit) {
        return hit.match() == Hit.Match.EXACT ? LookupOutcome.EXACT_HIT : LookupOutcome.SEMANTIC_HIT;
    }
}
