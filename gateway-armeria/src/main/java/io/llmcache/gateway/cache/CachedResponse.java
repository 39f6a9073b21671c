package io.llmcache.gateway.cache;

import java.util.Objects;

/** A stored upstream response and the token usage it cost when it was fresh. */
public record CachedResponse(String entryId, byte[] body, String contentType, String model, long promptTokens,
                             long completionTokens) {

    public CachedResponse {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(model, "model");
    }
}
