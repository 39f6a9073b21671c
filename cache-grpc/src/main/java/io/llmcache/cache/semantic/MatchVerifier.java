package io.llmcache.cache.semantic;

import static java.util.Objects.requireNonNull;

/**
 * Decides whether a cached entry found by vector search may answer a query. Embeddings alone confuse
 * "capital of France" with "capital of Germany"; a verifier adds evidence beyond the cosine number.
 * Implementations are immutable and safe to share between threads.
 */
public interface MatchVerifier {
    /** Candidates less similar than this are never accepted, so the search may stop there. */
    double cosineFloor();

    /** Judges {@code candidate} (the entry's query text) as an answer source for {@code query}. */
    Verdict verify(String query, String candidate, double cosine);

    /** The decision, a score that orders accepted candidates (higher is surer), and why. */
    record Verdict(boolean accepted, double score, String reason) {
        public Verdict {
            requireNonNull(reason, "reason");
        }
    }
}
