package io.llmcache.sim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for a BPE tokenizer: one token per word and one per punctuation mark.
 * Counts are in the same range as real tokenizers for English text, and always the same for a text.
 */
final class SimTokenizer {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");
    /** OpenAI counts a few tokens of framing per message and for priming the reply. */
    static final int PER_MESSAGE = 4;
    static final int REPLY_PRIMING = 3;

    private SimTokenizer() {
    }

    static int count(String text) {
        Matcher matcher = TOKEN.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
