package io.llmcache.analytics.events;

import static io.llmcache.analytics.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.proto.v1.CacheResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsageEventDeserializerTest {
  private static final Instant TIME = Instant.parse("2025-03-01T10:15:30.250Z");

  private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
  private final UsageEventDeserializer deserializer = new UsageEventDeserializer();
  private final List<UsageRecord> out = new ArrayList<>();

  @BeforeEach
  void open() {
    deserializer.open(new DeserializationSchema.InitializationContext() {
      @Override
      public MetricGroup getMetricGroup() {
        return metrics;
      }

      @Override
      public UserCodeClassLoader getUserCodeClassLoader() {
        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
      }
    });
  }

  @Test
  void decodesValidEvent() {
    deserialize(event("e1", "t1", "gpt-4o-mini", TIME, CacheResult.CACHE_RESULT_SEMANTIC, 12, 30)
        .build().toByteArray());

    assertThat(out).containsExactly(new UsageRecord("e1", "t1", "gpt-4o-mini", TIME.toEpochMilli(),
        CacheResult.CACHE_RESULT_SEMANTIC, 12, 30, 0, 12 * 3 + 30 * 15));
    assertThat(rejected()).isZero();
  }

  @Test
  void dropsAndCountsBadRecordsWithoutFailing() {
    deserialize("definitely not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
    deserialize(new byte[0]);
    deserialize(event("e2", "t1", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1)
        .setSchemaVersion(2).build().toByteArray());
    deserialize(event("e3", "", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1).build().toByteArray());
    deserialize(event("", "t1", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1).build().toByteArray());
    deserialize(event("e4", "t1", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1).clearTime().build().toByteArray());
    deserialize(event("e5", "t1", "m", TIME, CacheResult.CACHE_RESULT_UNSPECIFIED, 1, 1).build().toByteArray());
    deserialize(event("e6", "t1", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1).build().toByteArray());

    assertThat(out).extracting(UsageRecord::eventId).containsExactly("e6");
    assertThat(rejected()).isEqualTo(7);
  }

  private void deserialize(byte[] value) {
    deserializer.deserialize(
        new ConsumerRecord<>("llmcache.usage.v1", 0, 42L, "t1".getBytes(StandardCharsets.UTF_8), value),
        new ListCollector<>(out));
  }

  private long rejected() {
    return ((Counter) metrics.get(UsageEventDeserializer.REJECTED_METRIC)).getCount();
  }
}
