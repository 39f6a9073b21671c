package io.llmcache.cache.semantic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cheap lexical facts about a text that embeddings blur: "capital of France" sits next to "capital of
 * Germany", "under 10" next to "under 100", and a "not" barely moves a vector. Pure functions shared by
 * the verifiers.
 */
public final class TextEvidence {
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_']+");
    private static final Pattern WORD_OR_STOP = Pattern.compile("[\\p{L}\\p{N}_']+|[.?!]");
    /** Capitalised words that are not names. */
    private static final Set<String> NOT_NAMES = Set.of("i", "a", "an", "the", "what", "which", "who", "how",
            "why", "when", "where", "is", "are", "do", "does", "did", "can", "could", "should", "would", "will",
            "my", "your", "in", "of", "on", "for", "to", "and", "or");
    private static final Set<String> NEGATIONS = Set.of(
            "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "cannot", "without");
    private static final Set<String> QUESTION_WORDS = Set.of("what", "why", "how", "who", "whom", "whose", "when",
            "where", "which");
    /** Function words: they carry little of a question's topic, so overlap is measured without them. */
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "is", "are", "was", "were", "be",
            "been", "being", "am", "do", "does", "did", "doing", "have", "has", "had", "i", "me", "my", "we", "our",
            "you", "your", "he", "she", "it", "its", "they", "them", "their", "this", "that", "these", "those",
            "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "as", "into", "and", "or", "but",
            "if", "so", "than", "then", "there", "what", "why", "how", "who", "whom", "whose", "when", "where",
            "which", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "any", "some",
            "s", "'s", "get", "one", "much", "many", "most", "more", "very", "just", "also", "all", "it's", "i'm",
            "way", "ways", "best", "good", "really", "us", "him", "her", "his", "hers", "someone", "something");

    private TextEvidence() {
    }

    /** Digit tokens; thousands separators dropped, so "1,000" and "1000" agree. */
    public static Set<String> numbers(String text) {
        Set<String> numbers = new TreeSet<>();
        Matcher matcher = NUMBER.matcher(text);
        while (matcher.find()) {
            String token = matcher.group().replaceAll(",(?=\\d{3}(?:\\D|$))", "");
            numbers.add(token.replace(',', '.'));
        }
        return numbers;
    }

    /** Negation markers, with every "n't" contraction and "cannot" counted as "not". */
    public static Set<String> negations(String text) {
        Set<String> negations = new TreeSet<>();
        for (String word : words(text)) {
            if (word.endsWith("n't") || word.equals("cannot")) {
                negations.add("not");
            } else if (NEGATIONS.contains(word)) {
                negations.add(word);
            }
        }
        return negations;
    }

    /**
     * Capitalised words not starting a sentence ("France", "Python", "Boone County"), lower-cased. Each must
     * appear, in any case, in the other text: "paris" still agrees with "Paris".
     */
    public static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        boolean sentenceStart = true;
        Matcher matcher = WORD_OR_STOP.matcher(text.replace('\u2019', '\''));
        while (matcher.find()) {
            String token = matcher.group();
            if (token.length() == 1 && ".?!".contains(token)) {
                sentenceStart = true;
                continue;
            }
            String lower = token.toLowerCase(Locale.ROOT);
            if (!sentenceStart && Character.isUpperCase(token.codePointAt(0)) && !NOT_NAMES.contains(lower)) {
                names.add(lower);
            }
            sentenceStart = false;
        }
        return names;
    }

    /** Names of one text that the other text does not contain as words, counted over both directions. */
    public static int unmatchedNames(String first, String second) {
        Set<String> firstWords = new HashSet<>(words(first));
        Set<String> secondWords = new HashSet<>(words(second));
        int unmatched = 0;
        for (String name : names(first)) {
            unmatched += secondWords.contains(name) ? 0 : 1;
        }
        for (String name : names(second)) {
            unmatched += firstWords.contains(name) ? 0 : 1;
        }
        return unmatched;
    }

    /** The question words (what, why, how, who, when, where, which ...) a text uses. */
    public static Set<String> questionWords(String text) {
        Set<String> found = new TreeSet<>();
        for (String word : words(text)) {
            if (QUESTION_WORDS.contains(word)) {
                found.add(word);
            }
        }
        return found;
    }

    /** Lower-cased word tokens in order, apostrophes unified. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /**
     * Topic words: stop words dropped, a possessive "'s" and a plural or verb "s"/"es"/"ing"/"ed" cut so
     * "learning" meets "learn" and "institutes" meets "institute".
     */
    public static Set<String> contentWords(String text) {
        Set<String> content = new TreeSet<>();
        for (String word : words(text)) {
            if (!STOP_WORDS.contains(word)) {
                content.add(stem(word));
            }
        }
        return content;
    }

    /** Character trigrams of the lower-cased text with punctuation and repeated spaces removed. */
    public static Set<String> trigrams(String text) {
        String squeezed = ' ' + String.join(" ", words(text)) + ' ';
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 3 <= squeezed.length(); i++) {
            grams.add(squeezed.substring(i, i + 3));
        }
        return grams;
    }

    /** |a ∩ b| / |a ∪ b|, and 1 when both are empty. */
    public static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1.0;
        }
        int common = intersection(a, b);
        return (double) common / (a.size() + b.size() - common);
    }

    /** Elements of {@code a} also in {@code b}. */
    public static int intersection(Set<String> a, Set<String> b) {
        int common = 0;
        for (String element : a) {
            common += b.contains(element) ? 1 : 0;
        }
        return common;
    }

    static String stem(String word) {
        String stem = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
        if (stem.length() > 5 && stem.endsWith("ing")) {
            stem = stem.substring(0, stem.length() - 3);
        } else if (stem.length() > 4 && stem.endsWith("ed")) {
            stem = stem.substring(0, stem.length() - 2);
        }
        if (stem.length() > 3 && stem.endsWith("s") && !stem.endsWith("ss")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        if (stem.length() > 3 && stem.endsWith("e")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        return stem;
    }
}
