package io.llmcache.gateway.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The response cache as the gateway sees it. Neither method ever completes exceptionally. */
public interface ResponseCache {

    /** Completes with a hit, a miss, or a bypass when the cache cannot answer within its deadline. */
    CompletableFuture<CacheLookup> lookup(CacheQuery query);

    /**
     * Stores in the background. Callers never wait for it; the future yields the entry id, or empty when
     * the store failed (the failure is logged).
     */
    CompletableFuture<Optional<String>> store(StoreCommand command);
}
