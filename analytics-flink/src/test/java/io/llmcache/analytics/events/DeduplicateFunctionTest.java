package io.llmcache.analytics.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.analytics.MetricsHarness;
import io.llmcache.proto.v1.CacheResult;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicateFunctionTest {
  private static final long T0 = 1_740_823_200_000L;

  private MetricsHarness.Keyed<String, UsageRecord, UsageRecord> keyed;
  private KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> harness;

  @BeforeEach
  void setUp() throws Exception {
    keyed = MetricsHarness.keyed(new DeduplicateFunction(Duration.ofHours(24)), UsageRecord::eventId, Types.STRING);
    harness = keyed.harness();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void passesFirstOccurrenceAndDropsDuplicates() throws Exception {
    harness.processElement(record("a", T0), T0);
    harness.processElement(record("b", T0 + 1), T0 + 1);
    harness.processElement(record("a", T0), T0);
    harness.processElement(record("a", T0), T0);

    assertThat(harness.extractOutputValues()).extracting(UsageRecord::eventId).containsExactly("a", "b");
    assertThat(keyed.counter(DeduplicateFunction.DUPLICATES_METRIC)).isEqualTo(2);
  }

  @Test
  void dropsLateDuplicateHoursLater() throws Exception {
    harness.setStateTtlProcessingTime(0);
    harness.processElement(new StreamRecord<>(record("a", T0), T0));
    harness.processWatermark(T0 + Duration.ofHours(3).toMillis());
    harness.setStateTtlProcessingTime(Duration.ofHours(23).toMillis());
    harness.processElement(new StreamRecord<>(record("a", T0), T0));

    assertThat(harness.extractOutputValues()).extracting(UsageRecord::eventId).containsExactly("a");
    assertThat(keyed.counter(DeduplicateFunction.DUPLICATES_METRIC)).isEqualTo(1);
  }

  @Test
  void forgetsEventIdsAfterTheTtlSoStateStaysBounded() throws Exception {
    harness.setStateTtlProcessingTime(0);
    harness.processElement(record("a", T0), T0);
    harness.setStateTtlProcessingTime(Duration.ofHours(25).toMillis());
    harness.processElement(record("a", T0), T0);

    assertThat(harness.extractOutputValues()).hasSize(2);
  }

  private static UsageRecord record(String eventId, long time) {
    return new UsageRecord(eventId, "t1", "k1", "m", time, CacheResult.CACHE_RESULT_MISS, 10, 20, 100, 0, 420);
  }
}
