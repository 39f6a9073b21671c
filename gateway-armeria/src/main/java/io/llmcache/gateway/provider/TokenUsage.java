package io.llmcache.gateway.provider;

/** Tokens an upstream call consumed, as the provider reported them. */
public record TokenUsage(long promptTokens, long completionTokens) {

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("negative token counts: " + promptTokens + ", " + completionTokens);
        }
    }
}
