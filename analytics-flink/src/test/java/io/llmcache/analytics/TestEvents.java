package io.llmcache.analytics;

import com.google.protobuf.Timestamp;
import io.llmcache.proto.v1.CacheResult;
import io.llmcache.proto.v1.UsageEvent;
import java.time.Instant;

/** Realistic usage events for tests. */
public final class TestEvents {
  private TestEvents() {}

  /** A valid v1 event; hits carry the replayed token counts and a saved cost, misses an upstream cost. */
  public static UsageEvent.Builder event(String eventId, String tenant, String model, Instant time,
      CacheResult result, long promptTokens, long completionTokens) {
    boolean hit = result == CacheResult.CACHE_RESULT_EXACT || result == CacheResult.CACHE_RESULT_SEMANTIC;
    boolean paid = result == CacheResult.CACHE_RESULT_MISS || result == CacheResult.CACHE_RESULT_BYPASS;
    long cost = promptTokens * 3 + completionTokens * 15;
    return UsageEvent.newBuilder()
        .setSchemaVersion(1)
        .setEventId(eventId)
        .setTime(Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()))
        .setTenantId(tenant)
        .setApiKeyId("key-" + tenant)
        .setModel(model)
        .setProvider("openai")
        .setResult(result)
        .setSimilarity(result == CacheResult.CACHE_RESULT_SEMANTIC ? 0.93f : 0f)
        .setPromptTokens(promptTokens)
        .setCompletionTokens(completionTokens)
        .setUpstreamCostMicros(paid ? cost : 0)
        .setSavedCostMicros(hit ? cost : 0)
        .setLatencyMs(hit ? 3 : 420)
        .setStatus(result == CacheResult.CACHE_RESULT_ERROR ? 502
            : result == CacheResult.CACHE_RESULT_REJECTED ? 429 : 200)
        .setEndpoint("chat.completions");
  }
}
