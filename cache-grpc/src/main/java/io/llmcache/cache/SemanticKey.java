package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

/** What a semantic match is searched by: the context without the last user message, and that message. */
public record SemanticKey(String contextFingerprint, String text) {
    public SemanticKey {
        requireNonNull(contextFingerprint, "contextFingerprint");
        requireNonNull(text, "text");
    }
}
