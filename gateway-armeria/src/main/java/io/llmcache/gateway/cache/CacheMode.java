package io.llmcache.gateway.cache;

import io.llmcache.gateway.error.InvalidRequestException;
import java.util.Locale;

/** Which cache tiers a request may use ({@code x-llmcache-mode}). */
public enum CacheMode {
    /** The tenant's setting: exact and semantic in this version. */
    DEFAULT,
    EXACT,
    SEMANTIC,
    /** No lookup and no store. */
    OFF;

    /** Parses the header value; null or blank means {@link #DEFAULT}. */
    public static CacheMode fromHeader(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "exact" -> EXACT;
            case "semantic" -> SEMANTIC;
            case "off" -> OFF;
            default -> throw new InvalidRequestException("Invalid x-llmcache-mode '" + value
                    + "'; expected exact, semantic or off.", "x-llmcache-mode");
        };
    }
}
