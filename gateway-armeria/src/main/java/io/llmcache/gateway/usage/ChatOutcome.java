package io.llmcache.gateway.usage;

import io.llmcache.proto.v1.CacheResult;
import java.util.Objects;

/**
 * How a successful request was answered.
 *
 * @param result MISS, EXACT, SEMANTIC or BYPASS
 * @param promptTokens upstream-reported on a miss, replayed from the entry on a hit
 * @param entryId the served entry on a hit, else empty
 * @param upstreamLatencyMillis 0 on a hit
 */
public record ChatOutcome(CacheResult result, float similarity, long promptTokens, long completionTokens,
                          String entryId, long upstreamLatencyMillis) {

    public ChatOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(entryId, "entryId");
    }

    public boolean isHit() {
        return result == CacheResult.CACHE_RESULT_EXACT || result == CacheResult.CACHE_RESULT_SEMANTIC;
    }
}
