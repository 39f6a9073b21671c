package io.llmcache.analytics.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {

  @Test
  void keepsTheRawBytesAndPutsReasonAndPositionInHeaders() {
    byte[] key = "t1".getBytes(StandardCharsets.UTF_8);
    byte[] value = {0, (byte) 0xff, 42};
    ProducerRecord<byte[], byte[]> record = new DeadLetterSerializer("llmcache.usage.dlq.v1").serialize(
        new DeadLetter(key, value, "unknown schema_version 2, expected 1", "llmcache.usage.v1", 2, 1234L),
        null, null);

    assertThat(record.topic()).isEqualTo("llmcache.usage.dlq.v1");
    assertThat(record.key()).isEqualTo(key);
    assertThat(record.value()).isEqualTo(value);
    assertThat(header(record, DeadLetterSerializer.REASON_HEADER)).isEqualTo("unknown schema_version 2, expected 1");
    assertThat(header(record, DeadLetterSerializer.TOPIC_HEADER)).isEqualTo("llmcache.usage.v1");
    assertThat(header(record, DeadLetterSerializer.PARTITION_HEADER)).isEqualTo("2");
    assertThat(header(record, DeadLetterSerializer.OFFSET_HEADER)).isEqualTo("1234");
  }

  @Test
  void aRecordWithoutKeyOrValueIsStillWritten() {
    ProducerRecord<byte[], byte[]> record = new DeadLetterSerializer("dlq").serialize(
        new DeadLetter(null, null, "empty record value", "usage", 0, 0L), null, null);

    assertThat(record.key()).isNull();
    assertThat(record.value()).isNull();
    assertThat(header(record, DeadLetterSerializer.REASON_HEADER)).isEqualTo("empty record value");
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
