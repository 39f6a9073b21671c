package io.llmcache.gateway.cache;

import io.llmcache.gateway.cachekey.CacheKeys;
import java.util.Objects;

/** A fresh response to keep; {@code ttlSeconds} 0 means the cache server's default. */
public record StoreCommand(CacheScope scope, CacheKeys keys, CacheMode mode, String model, byte[] body,
                           String contentType, long promptTokens, long completionTokens, long ttlSeconds) {

    public StoreCommand {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        if (mode == CacheMode.OFF) {
            throw new IllegalArgumentException("mode OFF never stores");
        }
    }
}
