package io.llmcache.cache.semantic.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuleVerifierTest {
    private final RuleVerifier verifier = new RuleVerifier(0.95);

    @Test
    void acceptsParaphrasesWithTheSameFacts() {
        assertThat(verifier.accepts("What's the capital of France?", "What is the capital of France?")).isTrue();
        assertThat(verifier.accepts("how do i sort a list in python", "How do I sort a list in Python?")).isTrue();
    }

    @Test
    void refusesDifferentNumbers() {
        assertThat(verifier.rejection("Best laptops under $1000?", "Best laptops under $100?"))
                .contains("numbers differ");
        assertThat(verifier.accepts("Internships of 2017?", "Internships of 2016?")).isFalse();
        assertThat(verifier.accepts("Internships of 2017?", "Internships in 2017")).isTrue();
    }

    @Test
    void thousandsSeparatorsDoNotMatter() {
        assertThat(verifier.accepts("Is 1,000 mg too much?", "Is 1000 mg too much?")).isTrue();
        assertThat(verifier.accepts("Is 1.5 mg too much?", "Is 15 mg too much?")).isFalse();
    }

    @Test
    void refusesADroppedNegation() {
        assertThat(verifier.rejection("Why is Oedipus not a tragic hero?", "Why is Oedipus a tragic hero?"))
                .contains("negation differs");
        assertThat(verifier.accepts("Why can't I sleep?", "Why can I sleep?")).isFalse();
        assertThat(verifier.accepts("Why can\u2019t I sleep?", "Why cannot I sleep?")).isTrue();
    }

    @Test
    void refusesDifferentNamedTerms() {
        assertThat(verifier.rejection("What is the capital of Germany?", "What is the capital of France?"))
                .contains("named terms differ");
        assertThat(verifier.accepts("How do I sort a list in Java?", "How do I sort a list in Python?")).isFalse();
        // A name in lower case on one side still agrees.
        assertThat(verifier.accepts("flights to paris", "Cheap flights to Paris")).isTrue();
    }

    @Test
    void aCapitalisedFirstWordIsNotAName() {
        assertThat(verifier.accepts("Explain recursion. Give examples.", "explain recursion with examples")).isTrue();
    }
}
