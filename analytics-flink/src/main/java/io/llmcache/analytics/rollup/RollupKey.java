package io.llmcache.analytics.rollup;

import io.llmcache.analytics.events.UsageRecord;

/** The key of one {@code analytics.usage_rollup} row. */
public record RollupKey(
    Granularity granularity, String tenantId, String model, String apiKeyId, long bucketStartMillis) {

  /** The key of the bucket of {@code granularity} that {@code event} falls in. */
  public static RollupKey of(Granularity granularity, UsageRecord event) {
    return new RollupKey(granularity, event.tenantId(), event.model(), event.apiKeyId(),
        granularity.bucketStart(event.eventTimeMillis()));
  }

  /** Last millisecond of the bucket, the event-time timer that marks it complete. */
  public long bucketEndMillis() {
    return granularity.nextBucketStart(bucketStartMillis) - 1;
  }
}
