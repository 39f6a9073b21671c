package io.llmcache.cache.semantic;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.Hit;
import io.llmcache.cache.Scope;
import io.llmcache.cache.SemanticKey;
import io.llmcache.cache.embedding.Embedder;
import io.llmcache.cache.store.EntryStore;
import io.llmcache.cache.store.SemanticCandidate;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds a verified semantic match: embed, search the scope's nearest entries, verify each candidate. */
public final class SemanticMatcher {
    private static final Logger log = LoggerFactory.getLogger(SemanticMatcher.class);

    private final Embedder embedder;
    private final EntryStore store;
    private final MatchVerifier verifier;
    private final double threshold;
    private final int candidates;

    public SemanticMatcher(Embedder embedder, EntryStore store, MatchVerifier verifier, double threshold,
                           int candidates) {
        this.embedder = requireNonNull(embedder, "embedder");
        this.store = requireNonNull(store, "store");
        this.verifier = requireNonNull(verifier, "verifier");
        this.threshold = threshold;
        this.candidates = candidates;
    }

    public Optional<Hit> match(Scope scope, SemanticKey key, Instant now, Instant notBefore) {
        float[] embedding = embedder.embed(key.text());
        for (SemanticCandidate candidate : store.nearest(scope, key, embedding, now, notBefore, candidates)) {
            if (candidate.similarity() < threshold) {
                break; // most similar first: nothing further can pass
            }
            Optional<String> rejection = verifier.rejection(key.text(), candidate.entry().queryText());
            if (rejection.isEmpty()) {
                return Optional.of(new Hit(candidate.entry(), Hit.Match.SEMANTIC, candidate.similarity()));
            }
            log.debug("Semantic candidate {} (similarity {}) refused: {}", candidate.entry().id(),
                    candidate.similarity(), rejection.get());
        }
        return Optional.empty();
    }
}
