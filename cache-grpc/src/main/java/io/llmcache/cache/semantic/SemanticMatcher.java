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

/**
 * Finds a verified semantic match: embed, fetch the scope's nearest entries, let the verifier judge each one
 * above its cosine floor, and serve the accepted candidate the verifier is surest of (not merely the nearest:
 * the nearest may differ in a number or a name while the second is a true paraphrase).
 */
public final class SemanticMatcher {
    private static final Logger log = LoggerFactory.getLogger(SemanticMatcher.class);

    private final Embedder embedder;
    private final EntryStore store;
    private final MatchVerifier verifier;
    private final int candidates;

    public SemanticMatcher(Embedder embedder, EntryStore store, MatchVerifier verifier, int candidates) {
        this.embedder = requireNonNull(embedder, "embedder");
        this.store = requireNonNull(store, "store");
        this.verifier = requireNonNull(verifier, "verifier");
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, was " + candidates);
        }
        this.candidates = candidates;
    }

    public Optional<Hit> match(Scope scope, SemanticKey key, Instant now, Instant notBefore) {
        float[] embedding = embedder.embed(key.text());
        SemanticCandidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (SemanticCandidate candidate : store.nearest(scope, key, embedding, now, notBefore, candidates)) {
            if (candidate.similarity() < verifier.cosineFloor()) {
                break; // most similar first: nothing further can pass
            }
            MatchVerifier.Verdict verdict = verifier.verify(key.text(), candidate.entry().queryText(),
                    candidate.similarity());
            if (!verdict.accepted()) {
                log.debug("Semantic candidate {} (similarity {}) refused: {}", candidate.entry().id(),
                        candidate.similarity(), verdict.reason());
            } else if (verdict.score() > bestScore) {
                best = candidate;
                bestScore = verdict.score();
            }
        }
        return best == null ? Optional.empty()
                : Optional.of(new Hit(best.entry(), Hit.Match.SEMANTIC, best.similarity()));
    }
}
