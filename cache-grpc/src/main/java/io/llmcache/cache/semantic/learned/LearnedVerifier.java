package io.llmcache.cache.semantic.learned;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.semantic.MatchVerifier;
import io.llmcache.cache.semantic.TextEvidence;
import java.util.Locale;
import java.util.Optional;

/**
 * Accepts a candidate when a small tree ensemble over cosine and lexical evidence ({@link PairFeatures})
 * is confident enough: the threshold is the model's measured operating point for the allowed false-hit rate.
 */
public final class LearnedVerifier implements MatchVerifier {
    private final VerifierModel model;
    private final double threshold;

    public LearnedVerifier(VerifierModel model, double maxFalseHitRate) {
        this.model = requireNonNull(model, "model");
        this.threshold = model.operatingPoints().pointFor(maxFalseHitRate).threshold();
    }

    /** The score a candidate needs. */
    public double threshold() {
        return threshold;
    }

    @Override
    public double cosineFloor() {
        return model.cosineFloor();
    }

    @Override
    public Verdict verify(String query, String candidate, double cosine) {
        if (cosine < model.cosineFloor()) {
            return new Verdict(false, 0, "cosine below floor " + model.cosineFloor());
        }
        Optional<String> rejection = hardRejection(query, candidate);
        if (rejection.isPresent()) {
            return new Verdict(false, 0, rejection.get());
        }
        double score = score(model.ensemble(), query, candidate, cosine);
        return new Verdict(score >= threshold, score,
                String.format(Locale.ROOT, "score %.4f vs threshold %.4f (model %s)", score, threshold,
                        model.version()));
    }

    /**
     * The model's score, except that texts with the same words in the same order (case and punctuation
     * aside) are the same question: pairs that close are rare in training data, so the model is not asked.
     * (Also accepting texts that differ only in function words was measured: it adds false hits in one
     * namespace.)
     */
    static double score(TreeEnsemble ensemble, String query, String candidate, double cosine) {
        if (TextEvidence.words(query).equals(TextEvidence.words(candidate))) {
            return 1.0;
        }
        return ensemble.probability(PairFeatures.of(query, candidate, cosine));
    }

    /**
     * A different number or negation is refused whatever the score: the dev data has too few such pairs
     * near the threshold for the model to learn that one token can flip the meaning.
     */
    static Optional<String> hardRejection(String query, String candidate) {
        if (!TextEvidence.numbers(query).equals(TextEvidence.numbers(candidate))) {
            return Optional.of("numbers differ");
        }
        if (!TextEvidence.negations(query).equals(TextEvidence.negations(candidate))) {
            return Optional.of("negation differs");
        }
        return Optional.empty();
    }
}
