package io.llmcache.analytics.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter as its original key and value bytes, untouched, with the reason and the source
 * position in headers so it can be inspected and replayed.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;

  public static final String REASON_HEADER = "dlq.reason";
  public static final String TOPIC_HEADER = "dlq.source.topic";
  public static final String PARTITION_HEADER = "dlq.source.partition";
  public static final String OFFSET_HEADER = "dlq.source.offset";

  private final String topic;

  public DeadLetterSerializer(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    List<Header> headers = List.of(
        header(REASON_HEADER, letter.reason()),
        header(TOPIC_HEADER, letter.sourceTopic()),
        header(PARTITION_HEADER, Integer.toString(letter.sourcePartition())),
        header(OFFSET_HEADER, Long.toString(letter.sourceOffset())));
    return new ProducerRecord<>(topic, null, null, letter.key(), letter.value(), headers);
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
  }
}
