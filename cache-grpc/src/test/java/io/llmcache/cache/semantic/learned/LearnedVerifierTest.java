package io.llmcache.cache.semantic.learned;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.cache.embedding.onnx.MiniLmEmbedder;
import io.llmcache.cache.semantic.MatchVerifier.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled model at the default 1% false-hit rate, on real MiniLM similarities. */
class LearnedVerifierTest {
    private static MiniLmEmbedder embedder;
    private static final VerifierModel MODEL = VerifierModel.bundled();
    private final LearnedVerifier verifier = new LearnedVerifier(MODEL, 0.01);

    @BeforeAll
    static void loadEmbedder() {
        embedder = MiniLmEmbedder.load();
    }

    private Verdict verify(String query, String candidate) {
        float[] a = embedder.embed(query);
        float[] b = embedder.embed(candidate);
        double cosine = 0;
        for (int i = 0; i < a.length; i++) {
            cosine += a[i] * b[i];
        }
        return verifier.verify(query, candidate, cosine);
    }

    @Test
    void acceptsParaphrases() {
        assertThat(verify("What's the capital of France?", "What is the capital of France?").accepted()).isTrue();
        assertThat(verify("how do i sort a list in python", "How do I sort a list in Python?").accepted()).isTrue();
    }

    @Test
    void refusesDifferentFacts() {
        assertThat(verify("What is the capital of Germany?", "What is the capital of France?").accepted()).isFalse();
        assertThat(verify("How do I sort a list in Java?", "How do I sort a list in Python?").accepted()).isFalse();
        assertThat(verify("Best laptops under $1000?", "Best laptops under $100?").reason()).isEqualTo("numbers differ");
        assertThat(verify("Why is Oedipus not a tragic hero?", "Why is Oedipus a tragic hero?").reason())
                .isEqualTo("negation differs");
    }

    @Test
    void scoresAParaphraseAboveASameTopicQuestion() {
        Verdict paraphrase = verify("How can I lose weight quickly?", "How do I lose weight fast?");
        Verdict sameTopic = verify("How can I gain weight quickly?", "How do I lose weight fast?");
        assertThat(paraphrase.score()).isGreaterThan(sameTopic.score());
    }

    @Test
    void aStricterRateNeverLowersTheThreshold() {
        assertThat(new LearnedVerifier(MODEL, 0.005).threshold()).isGreaterThanOrEqualTo(verifier.threshold());
        assertThat(new LearnedVerifier(MODEL, 0.05).threshold()).isLessThanOrEqualTo(verifier.threshold());
    }

    @Test
    void refusesBelowTheCosineFloorWithoutScoring() {
        Verdict verdict = verifier.verify("same words", "same words", MODEL.cosineFloor() - 0.01);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).contains("floor");
    }
}
