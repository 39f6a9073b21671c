package io.llmcache.gateway.models;

import io.llmcache.gateway.provider.ChatProvider;
import io.llmcache.gateway.provider.ModelList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The upstream's model list, kept in memory for a short TTL. Concurrent callers share one upstream
 * request; a failed request is not kept, so the next caller tries again at once.
 */
public final class ModelListCache {

    private final ChatProvider provider;
    private final Duration ttl;
    private final Clock clock;
    private final AtomicReference<Fetch> current = new AtomicReference<>();

    /** One upstream request and when its answer stops being served. */
    private record Fetch(CompletableFuture<ModelList> list, Instant expiresAt) {
    }

    public ModelListCache(ChatProvider provider, Duration ttl, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }

    /** The cached list, or a fresh one when it is absent, expired or failed. */
    public CompletableFuture<ModelList> get() {
        while (true) {
            Fetch fetch = current.get();
            if (fetch != null && isUsable(fetch)) {
                return fetch.list();
            }
            CompletableFuture<ModelList> list = new CompletableFuture<>();
            Fetch next = new Fetch(list, clock.instant().plus(ttl));
            if (current.compareAndSet(fetch, next)) {
                provider.listModels().whenComplete((models, error) -> {
                    if (error != null) {
                        current.compareAndSet(next, null);
                        list.completeExceptionally(error);
                    } else {
                        list.complete(models);
                    }
                });
                return list;
            }
        }
    }

    private boolean isUsable(Fetch fetch) {
        if (fetch.list().isCompletedExceptionally()) {
            return false;
        }
        // An in-flight request is shared whatever its age; a finished one only until it expires.
        return !fetch.list().isDone() || clock.instant().isBefore(fetch.expiresAt());
    }
}
