package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** A stored response as lookups return it. The body array is shared, never modified. */
public record CacheEntry(UUID id, String model, byte[] responseBody, String contentType, long promptTokens,
                         long completionTokens, String queryText, Instant createdAt, Instant expiresAt) {
    public CacheEntry {
        requireNonNull(id, "id");
        requireNonNull(model, "model");
        requireNonNull(responseBody, "responseBody");
        requireNonNull(contentType, "contentType");
        requireNonNull(queryText, "queryText");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(expiresAt, "expiresAt");
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
