package io.llmcache.analytics.events;

import io.llmcache.analytics.deadletter.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns Kafka records into {@link UsageInput}s. A record that is not a valid v1 {@code UsageEvent} becomes a
 * {@link DeadLetter} with the reason and its position instead of an exception: one bad record must never
 * fail (and so endlessly restart) the job. Routing and counting happen downstream.
 */
public final class UsageEventDeserializer implements KafkaRecordDeserializationSchema<UsageInput> {
  private static final long serialVersionUID = 2L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<UsageInput> out) {
    try {
      out.collect(UsageInput.valid(UsageRecord.decode(record.value())));
    } catch (InvalidUsageEventException e) {
      out.collect(UsageInput.rejected(new DeadLetter(record.key(), record.value(), e.getMessage(),
          record.topic(), record.partition(), record.offset())));
    }
  }

  @Override
  public TypeInformation<UsageInput> getProducedType() {
    return TypeInformation.of(UsageInput.class);
  }
}
