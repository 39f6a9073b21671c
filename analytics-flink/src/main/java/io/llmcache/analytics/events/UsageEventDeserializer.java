package io.llmcache.analytics.events;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Kafka records into {@link UsageRecord}s. A record that is not a valid v1 {@code UsageEvent}
 * is dropped with a WARN log and the {@value #REJECTED_METRIC} counter: one bad record must never
 * fail (and so endlessly restart) the job.
 */
public final class UsageEventDeserializer implements KafkaRecordDeserializationSchema<UsageRecord> {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(UsageEventDeserializer.class);

  /** Counter of dropped records, registered in the source's metric group. */
  public static final String REJECTED_METRIC = "usageEventsRejected";

  private transient Counter rejected;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    rejected = context.getMetricGroup().counter(REJECTED_METRIC);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<UsageRecord> out) {
    try {
      out.collect(UsageRecord.decode(record.value()));
    } catch (InvalidUsageEventException e) {
      rejected.inc();
      log.warn("Dropped usage record {}-{}@{}: {}",
          record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  @Override
  public TypeInformation<UsageRecord> getProducedType() {
    return TypeInformation.of(UsageRecord.class);
  }
}
