package io.llmcache.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.analytics.MetricsHarness;
import io.llmcache.analytics.events.UsageRecord;
import io.llmcache.proto.v1.CacheResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UsageRollupFunctionTest {
  private static final long JAN_31_LAST_SECOND = Instant.parse("2025-01-31T23:59:59Z").toEpochMilli();
  private static final long FEB_1 = Instant.parse("2025-02-01T00:00:00Z").toEpochMilli();
  private static final long MAR_1 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = Instant.parse("2025-03-01T10:15:00Z").toEpochMilli();
  private static final long NEXT_MINUTE = MINUTE + 60_000;

  private MetricsHarness.Keyed<RollupKey, UsageRecord, UsageRollup> keyed;
  private KeyedOneInputStreamOperatorTestHarness<RollupKey, UsageRecord, UsageRollup> harness;

  private void open(Granularity granularity, Duration allowedLateness) throws Exception {
    keyed = MetricsHarness.keyed(new UsageRollupFunction(Duration.ofSeconds(1), allowedLateness),
        event -> RollupKey.of(granularity, event), TypeInformation.of(RollupKey.class));
    harness = keyed.harness();
    harness.setProcessingTime(0);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void emitsAbsoluteTotalsOfEveryResultAtMostOncePerInterval() throws Exception {
    open(Granularity.MINUTE, Duration.ofHours(1));
    add("e1", "t1", "gpt-4o", MINUTE + 1_000, CacheResult.CACHE_RESULT_MISS, 100, 50, 1_000, 0);
    add("e2", "t1", "gpt-4o", MINUTE + 2_000, CacheResult.CACHE_RESULT_EXACT, 100, 50, 0, 900);
    harness.setProcessingTime(500);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(1_000);
    assertThat(harness.extractOutputValues()).extracting(UsageRollup::counts)
        .containsExactly(new UsageCounts(2, 1, 0, 1, 0, 0, 200, 100, 150, 1_000, 900));

    add("e3", "t1", "gpt-4o", MINUTE + 3_000, CacheResult.CACHE_RESULT_SEMANTIC, 10, 5, 0, 90);
    add("e4", "t1", "gpt-4o", MINUTE + 4_000, CacheResult.CACHE_RESULT_BYPASS, 7, 3, 70, 0);
    add("e5", "t1", "gpt-4o", MINUTE + 5_000, CacheResult.CACHE_RESULT_ERROR, 0, 0, 0, 0);
    add("e6", "t1", "gpt-4o", MINUTE + 6_000, CacheResult.CACHE_RESULT_REJECTED, 0, 0, 0, 0);
    harness.setProcessingTime(2_000);

    // The second emission carries everything so far, not a delta; ERROR and REJECTED are both errors.
    List<UsageRollup> out = harness.extractOutputValues();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).key()).isEqualTo(new RollupKey(Granularity.MINUTE, "t1", "gpt-4o", "k1", MINUTE));
    assertThat(out.get(1).counts()).isEqualTo(new UsageCounts(6, 1, 1, 1, 1, 2, 217, 108, 165, 1_070, 990));
  }

  @Test
  void emitsNothingWhenNothingChanged() throws Exception {
    open(Granularity.MINUTE, Duration.ofHours(1));
    add("e1", "t1", "gpt-4o", MINUTE + 1_000, CacheResult.CACHE_RESULT_MISS, 1, 1, 1, 0);
    harness.setProcessingTime(1_000);
    harness.setProcessingTime(5_000);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void flushesPendingTotalsOnceWhenTheWatermarkPassesTheBucket() throws Exception {
    open(Granularity.MINUTE, Duration.ofHours(1));
    add("e1", "t1", "gpt-4o", MINUTE + 1_000, CacheResult.CACHE_RESULT_MISS, 1, 2, 3, 0);
    add("e2", "t1", "gpt-4o", NEXT_MINUTE + 1_000, CacheResult.CACHE_RESULT_EXACT, 4, 5, 0, 6);

    harness.processWatermark(NEXT_MINUTE);
    assertThat(harness.extractOutputValues()).extracting(UsageRollup::counts)
        .containsExactly(new UsageCounts(1, 0, 0, 1, 0, 0, 1, 2, 0, 3, 0));

    // The processing-time timer of the flushed minute no longer emits it again.
    harness.setProcessingTime(1_000);
    assertThat(harness.extractOutputValues()).hasSize(2).last()
        .extracting(r -> r.key().bucketStartMillis()).isEqualTo(NEXT_MINUTE);
  }

  @Test
  void keepsTenantsAndModelsApart() throws Exception {
    open(Granularity.MINUTE, Duration.ofHours(1));
    add("e1", "t1", "gpt-4o", MINUTE, CacheResult.CACHE_RESULT_MISS, 1, 0, 5, 0);
    add("e2", "t2", "gpt-4o", MINUTE, CacheResult.CACHE_RESULT_MISS, 1, 0, 5, 0);
    add("e3", "t1", "claude", MINUTE, CacheResult.CACHE_RESULT_MISS, 1, 0, 5, 0);
    harness.setProcessingTime(1_000);

    assertThat(harness.extractOutputValues())
        .extracting(r -> r.key().tenantId() + "/" + r.key().model() + "=" + r.counts().requests())
        .containsExactlyInAnyOrder("t1/gpt-4o=1", "t2/gpt-4o=1", "t1/claude=1");
  }

  @Test
  void monthBucketsSplitAtTheUtcMonthBoundary() throws Exception {
    open(Granularity.MONTH, Duration.ofHours(24));
    add("e1", "k1", JAN_31_LAST_SECOND, CacheResult.CACHE_RESULT_MISS, 100);
    add("e2", "k1", FEB_1, CacheResult.CACHE_RESULT_EXACT, 5);
    add("e3", "k1", MAR_1 - 1, CacheResult.CACHE_RESULT_EXACT, 5);
    harness.setProcessingTime(1_000);

    assertThat(harness.extractOutputValues())
        .extracting(r -> Instant.ofEpochMilli(r.key().bucketStartMillis()) + "=" + r.counts().requests())
        .containsExactlyInAnyOrder("2025-01-01T00:00:00Z=1", "2025-02-01T00:00:00Z=2");
  }

  @Test
  void keepsApiKeysApartAndEmitsAbsoluteTotalsWithPercentiles() throws Exception {
    open(Granularity.HOUR, Duration.ofHours(24));
    for (int i = 1; i <= 100; i++) {
      add("a" + i, "k1", FEB_1 + i * 1_000L, CacheResult.CACHE_RESULT_MISS, i * 10L);
    }
    add("b1", "k2", FEB_1, CacheResult.CACHE_RESULT_SEMANTIC, 7);
    harness.setProcessingTime(1_000);
    add("a101", "k1", FEB_1 + 200_000, CacheResult.CACHE_RESULT_EXACT, 3);
    harness.setProcessingTime(2_000);

    List<UsageRollup> out = harness.extractOutputValues();
    assertThat(out).hasSize(3);
    UsageRollup k2 = out.stream().filter(r -> r.key().apiKeyId().equals("k2")).findFirst().orElseThrow();
    assertThat(k2.counts()).isEqualTo(new UsageCounts(1, 0, 1, 0, 0, 0, 10, 5, 15, 0, 35));
    assertThat(k2.latencyP50Ms()).isEqualTo(7);

    UsageRollup first = out.stream().filter(r -> r.key().apiKeyId().equals("k1")).findFirst().orElseThrow();
    assertThat(first.counts().requests()).isEqualTo(100);
    // Latencies 10, 20, ..., 1000 ms: p50 = 500, p95 = 950, within the histogram's error.
    assertThat(first.latencyP50Ms()).isBetween(480L, 520L);
    assertThat(first.latencyP95Ms()).isBetween(913L, 988L);

    // The second emission carries everything so far, not a delta.
    UsageRollup last = out.get(2);
    assertThat(last.key()).isEqualTo(new RollupKey(Granularity.HOUR, "t1", "gpt-4o", "k1", FEB_1));
    assertThat(last.counts()).isEqualTo(new UsageCounts(101, 1, 0, 100, 0, 0, 1_010, 505, 15, 100 * 35, 35));
  }

  @Test
  void lateEventWithinAllowedLatenessLandsInItsOwnBucket() throws Exception {
    open(Granularity.DAY, Duration.ofHours(24));
    add("e1", "k1", JAN_31_LAST_SECOND, CacheResult.CACHE_RESULT_MISS, 10);
    add("e2", "k1", FEB_1 + 60_000, CacheResult.CACHE_RESULT_MISS, 10);
    harness.processWatermark(FEB_1 + Duration.ofHours(3).toMillis());
    // Flushed by the watermark: Jan 31 with one request, Feb 1 stays open.
    assertThat(harness.extractOutputValues()).extracting(r -> r.counts().requests()).containsExactly(1L);

    add("late", "k1", JAN_31_LAST_SECOND - 5_000, CacheResult.CACHE_RESULT_MISS, 10);
    harness.setProcessingTime(1_000);

    assertThat(harness.extractOutputValues()).extracting(
            r -> Instant.ofEpochMilli(r.key().bucketStartMillis()) + "=" + r.counts().requests())
        .containsExactlyInAnyOrder("2025-01-31T00:00:00Z=1", "2025-01-31T00:00:00Z=2", "2025-02-01T00:00:00Z=1");
    assertThat(keyed.counter(UsageRollupFunction.TOO_LATE_METRIC)).isZero();
  }

  @Test
  void dropsAndCountsEventsOlderThanAllowedLatenessAndReleasesState() throws Exception {
    open(Granularity.MONTH, Duration.ofHours(24));
    add("e1", "k1", JAN_31_LAST_SECOND, CacheResult.CACHE_RESULT_MISS, 10);
    harness.processWatermark(FEB_1 + Duration.ofHours(12).toMillis());
    assertThat(harness.numKeyedStateEntries()).isPositive();
    harness.processWatermark(FEB_1 + Duration.ofHours(25).toMillis());
    assertThat(harness.numKeyedStateEntries()).isZero();

    add("e2", "k1", JAN_31_LAST_SECOND, CacheResult.CACHE_RESULT_MISS, 10);
    harness.setProcessingTime(10_000);

    assertThat(harness.extractOutputValues()).extracting(r -> r.counts().requests()).containsExactly(1L);
    assertThat(keyed.counter(UsageRollupFunction.TOO_LATE_METRIC)).isEqualTo(1);
  }

  private void add(String id, String tenant, String model, long time, CacheResult result, long prompt,
      long completion, long upstreamCost, long savedCost) throws Exception {
    harness.processElement(new UsageRecord(id, tenant, "k1", model, time, result, prompt, completion,
        upstreamCost, savedCost, 100), time);
  }

  private void add(String id, String key, long time, CacheResult result, long latencyMs) throws Exception {
    boolean hit = result == CacheResult.CACHE_RESULT_EXACT || result == CacheResult.CACHE_RESULT_SEMANTIC;
    harness.processElement(new UsageRecord(id, "t1", key, "gpt-4o", time, result, 10, 5,
        hit ? 0 : 35, hit ? 35 : 0, latencyMs), time);
  }
}
