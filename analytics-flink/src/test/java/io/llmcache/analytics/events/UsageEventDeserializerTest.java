package io.llmcache.analytics.events;

import static io.llmcache.analytics.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.analytics.deadletter.DeadLetter;
import io.llmcache.proto.v1.CacheResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class UsageEventDeserializerTest {
  private static final Instant TIME = Instant.parse("2025-03-01T10:15:30.250Z");

  private final UsageEventDeserializer deserializer = new UsageEventDeserializer();
  private final List<UsageInput> out = new ArrayList<>();

  @Test
  void decodesValidEvent() {
    deserialize(event("e1", "t1", "gpt-4o-mini", TIME, CacheResult.CACHE_RESULT_SEMANTIC, 12, 30)
        .build().toByteArray());

    assertThat(out).containsExactly(UsageInput.valid(new UsageRecord("e1", "t1", "key-t1", "gpt-4o-mini",
        TIME.toEpochMilli(), CacheResult.CACHE_RESULT_SEMANTIC, 12, 30, 0, 12 * 3 + 30 * 15, 3)));
  }

  @Test
  void turnsBadRecordsIntoDeadLettersWithTheRawBytesReasonAndPosition() {
    byte[] garbage = "definitely not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    deserialize(garbage);
    deserialize(new byte[0]);
    deserialize(event("e2", "t1", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1)
        .setSchemaVersion(2).build().toByteArray());
    deserialize(event("e3", "", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1).build().toByteArray());
    deserialize(event("", "t1", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1).build().toByteArray());
    deserialize(event("e4", "t1", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1).clearTime().build().toByteArray());
    deserialize(event("e5", "t1", "m", TIME, CacheResult.CACHE_RESULT_UNSPECIFIED, 1, 1).build().toByteArray());
    deserialize(event("e6", "t1", "m", TIME, CacheResult.CACHE_RESULT_MISS, 1, 1).build().toByteArray());

    assertThat(out.stream().map(UsageInput::event).filter(Objects::nonNull)).extracting(UsageRecord::eventId)
        .containsExactly("e6");
    List<DeadLetter> letters = out.stream().map(UsageInput::deadLetter).filter(Objects::nonNull).toList();
    assertThat(letters).extracting(DeadLetter::reason).satisfiesExactly(
        reason -> assertThat(reason).startsWith("not a UsageEvent"),
        reason -> assertThat(reason).isEqualTo("empty record value"),
        reason -> assertThat(reason).startsWith("unknown schema_version 2"),
        reason -> assertThat(reason).startsWith("missing tenant_id"),
        reason -> assertThat(reason).startsWith("missing event_id"),
        reason -> assertThat(reason).startsWith("missing time"),
        reason -> assertThat(reason).startsWith("missing result"));
    assertThat(letters.get(0).value()).isEqualTo(garbage);
    assertThat(letters.get(0).key()).isEqualTo("t1".getBytes(StandardCharsets.UTF_8));
    assertThat(letters).allSatisfy(letter -> {
      assertThat(letter.sourceTopic()).isEqualTo("llmcache.usage.v1");
      assertThat(letter.sourcePartition()).isEqualTo(2);
      assertThat(letter.sourceOffset()).isEqualTo(42L);
    });
  }

  private void deserialize(byte[] value) {
    deserializer.deserialize(
        new ConsumerRecord<>("llmcache.usage.v1", 2, 42L, "t1".getBytes(StandardCharsets.UTF_8), value),
        new ListCollector<>(out));
  }
}
