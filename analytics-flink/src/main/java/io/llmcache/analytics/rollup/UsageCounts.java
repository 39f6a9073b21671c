package io.llmcache.analytics.rollup;

import io.llmcache.analytics.events.UsageRecord;

/** Absolute counts, tokens and micro-dollars of one rollup bucket so far. */
public record UsageCounts(
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
  public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * These counts plus one event: every event is a request; errors are ERROR and REJECTED; tokens
   * saved are the prompt and completion tokens of exact and semantic hits.
   */
  public UsageCounts plus(UsageRecord event) {
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
    return new UsageCounts(requests + 1, exact, semantic, miss, bypass, error,
        promptTokens + event.promptTokens(),
        completionTokens + event.completionTokens(),
        tokensSaved + (hit ? tokens : 0),
        upstreamCostMicros + event.upstreamCostMicros(),
        savedCostMicros + event.savedCostMicros());
  }
}
