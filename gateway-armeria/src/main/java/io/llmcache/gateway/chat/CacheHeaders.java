package io.llmcache.gateway.chat;

/** The response headers of DESIGN §3 that tell a client how its request was answered. */
public final class CacheHeaders {

    /** {@code HIT}, {@code MISS} or {@code BYPASS}. */
    public static final String CACHE = "x-llmcache";
    /** {@code exact} or {@code semantic}, on hits. */
    public static final String MATCH = "x-llmcache-match";
    /** The similarity of the served entry, on hits. */
    public static final String SIMILARITY = "x-llmcache-similarity";
    /** The served entry's id, on hits. */
    public static final String ENTRY = "x-llmcache-entry";

    private CacheHeaders() {
    }
}
