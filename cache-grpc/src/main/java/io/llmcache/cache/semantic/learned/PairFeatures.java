package io.llmcache.cache.semantic.learned;

import io.llmcache.cache.semantic.TextEvidence;
import java.util.List;
import java.util.Set;

/**
 * The evidence the learned verifier weighs for one (query, candidate) pair. The order of {@link #NAMES} is
 * the order of the vector; a model file names the features it was trained on and is refused if they differ.
 */
public final class PairFeatures {
    /** Feature names, in vector order. */
    public static final List<String> NAMES = List.of(
            "cosine",                 // MiniLM cosine similarity of the two texts
            "content_jaccard",        // Jaccard of stemmed content words
            "content_containment",    // shared content words / the smaller side's content words
            "unmatched_content",      // content words on only one side, both directions, capped at 10
            "trigram_jaccard",        // Jaccard of character trigrams
            "word_jaccard",           // Jaccard of all words, stop words included
            "numbers_differ",         // 1 if the sets of numbers differ
            "numbers_shared",         // 1 if both sides carry the same, non-empty numbers
            "negations_differ",       // 1 if the negation markers differ
            "unmatched_names",        // capitalised terms missing from the other side, capped at 5
            "question_words_differ",  // 1 if what/why/how/who/when/where/which differ
            "length_ratio");          // shorter / longer word count

    private PairFeatures() {
    }

    /** The feature vector of {@code query} against {@code candidate} whose embeddings have {@code cosine}. */
    public static double[] of(String query, String candidate, double cosine) {
        Set<String> queryContent = TextEvidence.contentWords(query);
        Set<String> candidateContent = TextEvidence.contentWords(candidate);
        int sharedContent = TextEvidence.intersection(queryContent, candidateContent);
        int smallerContent = Math.min(queryContent.size(), candidateContent.size());
        Set<String> queryNumbers = TextEvidence.numbers(query);
        Set<String> candidateNumbers = TextEvidence.numbers(candidate);
        List<String> queryWords = TextEvidence.words(query);
        List<String> candidateWords = TextEvidence.words(candidate);
        int shorter = Math.min(queryWords.size(), candidateWords.size());
        int longer = Math.max(queryWords.size(), candidateWords.size());
        return new double[] {
                cosine,
                TextEvidence.jaccard(queryContent, candidateContent),
                smallerContent == 0 ? 1.0 : (double) sharedContent / smallerContent,
                Math.min(10, queryContent.size() + candidateContent.size() - 2 * sharedContent),
                TextEvidence.jaccard(TextEvidence.trigrams(query), TextEvidence.trigrams(candidate)),
                TextEvidence.jaccard(Set.copyOf(queryWords), Set.copyOf(candidateWords)),
                queryNumbers.equals(candidateNumbers) ? 0 : 1,
                !queryNumbers.isEmpty() && queryNumbers.equals(candidateNumbers) ? 1 : 0,
                TextEvidence.negations(query).equals(TextEvidence.negations(candidate)) ? 0 : 1,
                Math.min(5, TextEvidence.unmatchedNames(query, candidate)),
                TextEvidence.questionWords(query).equals(TextEvidence.questionWords(candidate)) ? 0 : 1,
                longer == 0 ? 1.0 : (double) shorter / longer};
    }
}
