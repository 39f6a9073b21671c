package io.llmcache.gateway.cachekey;

import java.util.Objects;

/**
 * The keys of one request (DESIGN §3).
 *
 * @param exactKey hex SHA-256 of the canonical request
 * @param contextFingerprint hex SHA-256 of the canonical request without the last user message's content;
 *     empty when the request has no semantic key
 * @param semanticText the last user message's text; empty when the request has no semantic key
 */
public record CacheKeys(String exactKey, String contextFingerprint, String semanticText) {

    public CacheKeys {
        Objects.requireNonNull(exactKey, "exactKey");
        Objects.requireNonNull(contextFingerprint, "contextFingerprint");
        Objects.requireNonNull(semanticText, "semanticText");
    }

    public boolean hasSemanticKey() {
        return !contextFingerprint.isEmpty();
    }
}
