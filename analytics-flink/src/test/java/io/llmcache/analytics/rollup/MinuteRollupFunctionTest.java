package io.llmcache.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.analytics.MetricsHarness;
import io.llmcache.analytics.events.UsageRecord;
import io.llmcache.proto.v1.CacheResult;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MinuteRollupFunctionTest {
  private static final long MINUTE = Instant.parse("2025-03-01T10:15:00Z").toEpochMilli();
  private static final long NEXT_MINUTE = MINUTE + 60_000;

  private MetricsHarness.Keyed<MinuteKey, UsageRecord, UsageMinute> keyed;
  private KeyedOneInputStreamOperatorTestHarness<MinuteKey, UsageRecord, UsageMinute> harness;

  @BeforeEach
  void setUp() throws Exception {
    keyed = MetricsHarness.keyed(
        new MinuteRollupFunction(Duration.ofSeconds(1), Duration.ofHours(1)),
        MinuteKey::of, TypeInformation.of(MinuteKey.class));
    harness = keyed.harness();
    harness.setProcessingTime(0);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void emitsAbsoluteTotalsAtMostOncePerInterval() throws Exception {
    add("e1", MINUTE + 1_000, CacheResult.CACHE_RESULT_MISS, 100, 50, 1_000, 0);
    add("e2", MINUTE + 2_000, CacheResult.CACHE_RESULT_EXACT, 100, 50, 0, 900);
    harness.setProcessingTime(500);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(1_000);
    assertThat(harness.extractOutputValues()).containsExactly(
        new UsageMinute("t1", "gpt-4o", MINUTE, 2, 1, 0, 1, 0, 0, 200, 100, 150, 1_000, 900));

    add("e3", MINUTE + 3_000, CacheResult.CACHE_RESULT_SEMANTIC, 10, 5, 0, 90);
    add("e4", MINUTE + 4_000, CacheResult.CACHE_RESULT_BYPASS, 7, 3, 70, 0);
    add("e5", MINUTE + 5_000, CacheResult.CACHE_RESULT_ERROR, 0, 0, 0, 0);
    add("e6", MINUTE + 6_000, CacheResult.CACHE_RESULT_REJECTED, 0, 0, 0, 0);
    harness.setProcessingTime(2_000);

    // The second emission carries everything so far, not a delta.
    assertThat(harness.extractOutputValues()).hasSize(2).last().isEqualTo(
        new UsageMinute("t1", "gpt-4o", MINUTE, 6, 1, 1, 1, 1, 2, 217, 108, 165, 1_070, 990));
  }

  @Test
  void emitsNothingWhenNothingChanged() throws Exception {
    add("e1", MINUTE + 1_000, CacheResult.CACHE_RESULT_MISS, 1, 1, 1, 0);
    harness.setProcessingTime(1_000);
    harness.setProcessingTime(5_000);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void flushesPendingTotalsWhenTheWatermarkPassesTheMinute() throws Exception {
    add("e1", MINUTE + 1_000, CacheResult.CACHE_RESULT_MISS, 1, 2, 3, 0);
    add("e2", NEXT_MINUTE + 1_000, CacheResult.CACHE_RESULT_EXACT, 4, 5, 0, 6);

    harness.processWatermark(NEXT_MINUTE);
    assertThat(harness.extractOutputValues()).containsExactly(
        new UsageMinute("t1", "gpt-4o", MINUTE, 1, 0, 0, 1, 0, 0, 1, 2, 0, 3, 0));

    // The processing-time timer of the flushed minute no longer emits it again.
    harness.setProcessingTime(1_000);
    assertThat(harness.extractOutputValues()).hasSize(2).last().extracting(UsageMinute::minuteStartMillis)
        .isEqualTo(NEXT_MINUTE);
  }

  @Test
  void lateEventWithinAllowedLatenessUpdatesTheSameMinute() throws Exception {
    add("e1", MINUTE + 1_000, CacheResult.CACHE_RESULT_MISS, 1, 1, 10, 0);
    harness.processWatermark(MINUTE + Duration.ofMinutes(30).toMillis());
    add("e2", MINUTE + 2_000, CacheResult.CACHE_RESULT_MISS, 1, 1, 10, 0);
    harness.setProcessingTime(1_000);

    assertThat(harness.extractOutputValues()).extracting(UsageMinute::requests).containsExactly(1L, 2L);
  }

  @Test
  void dropsAndCountsEventsOlderThanAllowedLateness() throws Exception {
    add("e1", MINUTE + 1_000, CacheResult.CACHE_RESULT_MISS, 1, 1, 10, 0);
    harness.processWatermark(MINUTE + Duration.ofMinutes(62).toMillis());
    assertThat(harness.numKeyedStateEntries()).isZero();

    add("e2", MINUTE + 2_000, CacheResult.CACHE_RESULT_MISS, 1, 1, 10, 0);
    harness.setProcessingTime(10_000);

    // Only the watermark flush of e1: a restart-from-zero row with requests=1 would be wrong.
    assertThat(harness.extractOutputValues()).extracting(UsageMinute::requests).containsExactly(1L);
    assertThat(keyed.counter(MinuteRollupFunction.TOO_LATE_METRIC)).isEqualTo(1);
  }

  @Test
  void keepsTenantsAndModelsApart() throws Exception {
    harness.processElement(record("e1", "t1", "gpt-4o", MINUTE, CacheResult.CACHE_RESULT_MISS, 1, 0, 5, 0), MINUTE);
    harness.processElement(record("e2", "t2", "gpt-4o", MINUTE, CacheResult.CACHE_RESULT_MISS, 1, 0, 5, 0), MINUTE);
    harness.processElement(record("e3", "t1", "claude", MINUTE, CacheResult.CACHE_RESULT_MISS, 1, 0, 5, 0), MINUTE);
    harness.setProcessingTime(1_000);

    assertThat(harness.extractOutputValues())
        .extracting(m -> m.tenantId() + "/" + m.model() + "=" + m.requests())
        .containsExactlyInAnyOrder("t1/gpt-4o=1", "t2/gpt-4o=1", "t1/claude=1");
  }

  private void add(String id, long time, CacheResult result, long prompt, long completion,
      long upstreamCost, long savedCost) throws Exception {
    harness.processElement(record(id, "t1", "gpt-4o", time, result, prompt, completion, upstreamCost, savedCost), time);
  }

  private static UsageRecord record(String id, String tenant, String model, long time, CacheResult result,
      long prompt, long completion, long upstreamCost, long savedCost) {
    return new UsageRecord(id, tenant, "key-1", model, time, result, prompt, completion, upstreamCost, savedCost, 100);
  }
}
