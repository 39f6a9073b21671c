package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** A validated lookup; {@code maxAge} empty means any unexpired entry is acceptable. */
public record LookupQuery(Scope scope, String exactKey, Optional<SemanticKey> semanticKey, Tiers tiers,
                          Optional<Duration> maxAge) {
    public LookupQuery {
        requireNonNull(scope, "scope");
        requireNonNull(exactKey, "exactKey");
        requireNonNull(semanticKey, "semanticKey");
        requireNonNull(tiers, "tiers");
        requireNonNull(maxAge, "maxAge");
    }
}
