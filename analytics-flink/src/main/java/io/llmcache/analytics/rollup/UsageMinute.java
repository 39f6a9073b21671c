package io.llmcache.analytics.rollup;

import io.llmcache.analytics.events.UsageRecord;

/**
 * The absolute totals of one (tenant, model, minute) so far. Emitted as a whole and upserted, so
 * writing the same totals twice (a replay, a restart) changes nothing.
 */
public record UsageMinute(
    String tenantId,
    String model,
    long minuteStartMillis,
    long requests,
    long exactHits,
    long semanticHits,
    long misses,
    long bypasses,
    long errors,
    long promptTokens,
    long completionTokens,
    long tokensSaved,
    long upstreamCostMicros,
    long savedCostMicros) {

  /** No requests yet. */
  public static UsageMinute empty(MinuteKey key) {
    return new UsageMinute(key.tenantId(), key.model(), key.minuteStartMillis(),
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** These totals plus one event. */
  public UsageMinute plus(UsageRecord event) {
    boolean hit = false;
    long exact = exactHits;
    long semantic = semanticHits;
    long miss = misses;
    long bypass = bypasses;
    long error = errors;
    switch (event.result()) {
      case CACHE_RESULT_EXACT -> {
        exact++;
        hit = true;
      }
      case CACHE_RESULT_SEMANTIC -> {
        semantic++;
        hit = true;
      }
      case CACHE_RESULT_MISS -> miss++;
      case CACHE_RESULT_BYPASS -> bypass++;
      case CACHE_RESULT_ERROR, CACHE_RESULT_REJECTED -> error++;
      // A result added to the proto after this job was built: still a request.
      default -> { }
    }
    long tokens = event.promptTokens() + event.completionTokens();
    return new UsageMinute(tenantId, model, minuteStartMillis,
        requests + 1, exact, semantic, miss, bypass, error,
        promptTokens + event.promptTokens(),
        completionTokens + event.completionTokens(),
        tokensSaved + (hit ? tokens : 0),
        upstreamCostMicros + event.upstreamCostMicros(),
        savedCostMicros + event.savedCostMicros());
  }
}
