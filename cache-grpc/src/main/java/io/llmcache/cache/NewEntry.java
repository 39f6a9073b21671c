package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A validated store request. {@code semanticKey} is kept with the entry when present; the entry is
 * indexed for semantic search only if {@code indexSemantic}.
 */
public record NewEntry(Scope scope, String exactKey, Optional<SemanticKey> semanticKey, boolean indexSemantic,
                       String model, byte[] responseBody, String contentType, long promptTokens,
                       long completionTokens, Duration ttl) {
    public NewEntry {
        requireNonNull(scope, "scope");
        requireNonNull(exactKey, "exactKey");
        requireNonNull(semanticKey, "semanticKey");
        requireNonNull(model, "model");
        requireNonNull(responseBody, "responseBody");
        requireNonNull(contentType, "contentType");
        requireNonNull(ttl, "ttl");
        if (indexSemantic && semanticKey.isEmpty()) {
            throw new IllegalArgumentException("indexSemantic needs a semantic key");
        }
    }
}
