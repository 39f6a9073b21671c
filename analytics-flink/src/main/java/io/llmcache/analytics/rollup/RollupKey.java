package io.llmcache.analytics.rollup;

import io.llmcache.analytics.events.UsageRecord;
import java.util.Objects;

/** The key of one {@code analytics.usage_rollup} row. */
public record RollupKey(
    Granularity granularity, String tenantId, String model, String apiKeyId, long bucketStartMillis) {

  /** The key of the bucket of {@code granularity} that {@code event} falls in. */
  public static RollupKey of(Granularity granularity, UsageRecord event) {
    return new RollupKey(granularity, event.tenantId(), event.model(), event.apiKeyId(),
        granularity.bucketStart(event.eventTimeMillis()));
  }

  /**
   * Flink places keyed state and timers by this hash, so it must be the same in every JVM. A
   * record's default hash would include the enum's identity hash, and a job restored from a
   * checkpoint in a new process would then miss its state.
   */
  @Override
  public int hashCode() {
    return Objects.hash(granularity.name(), tenantId, model, apiKeyId, bucketStartMillis);
  }

  /** Last millisecond of the bucket, the event-time timer that marks it complete. */
  public long bucketEndMillis() {
    return granularity.nextBucketStart(bucketStartMillis) - 1;
  }
}
