package io.llmcache.cache.semantic.learned;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PairFeaturesTest {
    private static double feature(String name, String query, String candidate) {
        return PairFeatures.of(query, candidate, 0.9)[PairFeatures.NAMES.indexOf(name)];
    }

    @Test
    void vectorFollowsTheNameList() {
        double[] x = PairFeatures.of("a b", "a c", 0.42);
        assertThat(x).hasSize(PairFeatures.NAMES.size());
        assertThat(x[PairFeatures.NAMES.indexOf("cosine")]).isEqualTo(0.42);
    }

    @Test
    void overlapRisesWithSharedContent() {
        String query = "How do I sort a list in Python?";
        assertThat(feature("content_jaccard", query, "How can I sort a list in Python?")).isEqualTo(1.0);
        assertThat(feature("content_jaccard", query, "How do I sort a list in Java?")).isEqualTo(0.5);
        assertThat(feature("unmatched_content", query, "How do I sort a list in Java?")).isEqualTo(2);
        assertThat(feature("content_containment", query, "Sort a Python list quickly")).isEqualTo(1.0);
        assertThat(feature("trigram_jaccard", query, "how do i sort a list in python"))
                .isGreaterThan(feature("trigram_jaccard", query, "What is the capital of France?"));
    }

    @Test
    void disagreementsAreFlagged() {
        assertThat(feature("numbers_differ", "Laptops under $1000", "Laptops under $100")).isEqualTo(1);
        assertThat(feature("numbers_shared", "Laptops under $1000", "Cheap laptops under 1,000 dollars")).isEqualTo(1);
        assertThat(feature("numbers_shared", "Cheap laptops", "Laptops, cheap")).isZero();
        assertThat(feature("negations_differ", "Why is he not a hero?", "Why is he a hero?")).isEqualTo(1);
        assertThat(feature("unmatched_names", "The capital of Germany", "The capital of France")).isEqualTo(2);
        assertThat(feature("question_words_differ", "Why is the sky blue?", "How is the sky blue?")).isEqualTo(1);
        assertThat(feature("question_words_differ", "Why is the sky blue?", "why's the sky blue, why?")).isZero();
    }

    @Test
    void lengthRatioComparesWordCounts() {
        assertThat(feature("length_ratio", "one two", "one two three four")).isEqualTo(0.5);
    }
}
