package io.llmcache.gateway.cache;

import io.llmcache.gateway.cachekey.CacheKeys;
import java.util.Objects;

/** A lookup: the keys of a request in its scope; {@code maxAgeSeconds} 0 accepts any unexpired entry. */
public record CacheQuery(CacheScope scope, CacheKeys keys, String model, CacheMode mode, long maxAgeSeconds) {

    public CacheQuery {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mode, "mode");
    }
}
