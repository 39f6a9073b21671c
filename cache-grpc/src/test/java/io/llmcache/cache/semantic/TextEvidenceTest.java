package io.llmcache.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TextEvidenceTest {
    @Test
    void numbersIgnoreThousandsSeparatorsButNotDecimals() {
        assertThat(TextEvidence.numbers("Is 1,000 mg or 2.5 g too much in 2017?")).containsExactly("1000", "2.5", "2017");
        assertThat(TextEvidence.numbers("Is 1.5 mg too much?")).isNotEqualTo(TextEvidence.numbers("Is 15 mg too much?"));
        assertThat(TextEvidence.numbers("no digits here")).isEmpty();
    }

    @Test
    void negationsFoldContractions() {
        assertThat(TextEvidence.negations("Why can't I sleep?")).containsExactly("not");
        assertThat(TextEvidence.negations("Why can\u2019t I sleep?")).isEqualTo(TextEvidence.negations("Why cannot I sleep?"));
        assertThat(TextEvidence.negations("Life without sugar, never again")).containsExactly("never", "without");
        assertThat(TextEvidence.negations("Why can I sleep?")).isEmpty();
    }

    @Test
    void namesAreCapitalisedWordsInsideASentence() {
        assertThat(TextEvidence.names("What is the capital of France? Is Paris big?")).containsExactly("france", "paris");
        assertThat(TextEvidence.names("Explain recursion. Give examples.")).isEmpty();
        assertThat(TextEvidence.unmatchedNames("capital of Germany", "capital of France")).isEqualTo(2);
        assertThat(TextEvidence.unmatchedNames("flights to paris", "Cheap flights to Paris")).isZero();
    }

    @Test
    void questionWordsAreFound() {
        assertThat(TextEvidence.questionWords("Why and how does it rain?")).containsExactly("how", "why");
        assertThat(TextEvidence.questionWords("Rain explained")).isEmpty();
    }

    @Test
    void contentWordsDropStopWordsAndLightlyStem() {
        assertThat(TextEvidence.contentWords("What are the best institutes for learning Python?"))
                .isEqualTo(TextEvidence.contentWords("Which is the best institute to learn python"));
        assertThat(TextEvidence.contentWords("How do I sort a list?")).containsExactlyInAnyOrder("sort", "list");
    }

    @Test
    void overlapMeasures() {
        assertThat(TextEvidence.jaccard(Set.of("a", "b"), Set.of("b", "c"))).isEqualTo(1.0 / 3);
        assertThat(TextEvidence.jaccard(Set.of(), Set.of())).isEqualTo(1.0);
        assertThat(TextEvidence.intersection(Set.of("a", "b"), Set.of("b", "c"))).isEqualTo(1);
        assertThat(TextEvidence.trigrams("Hi, there!")).isEqualTo(TextEvidence.trigrams("hi there"));
        assertThat(TextEvidence.jaccard(TextEvidence.trigrams("sort a list"), TextEvidence.trigrams("sort lists")))
                .isBetween(0.3, 0.9);
    }
}
