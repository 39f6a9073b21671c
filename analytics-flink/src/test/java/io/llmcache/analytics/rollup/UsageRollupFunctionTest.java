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

  private void add(String id, String key, long time, CacheResult result, long latencyMs) throws Exception {
    boolean hit = result == CacheResult.CACHE_RESULT_EXACT || result == CacheResult.CACHE_RESULT_SEMANTIC;
    harness.processElement(new UsageRecord(id, "t1", key, "gpt-4o", time, result, 10, 5,
        hit ? 0 : 35, hit ? 35 : 0, latencyMs), time);
  }
}
