package io.llmcache.analytics.deadletter;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The Kafka sink of the dead-letter topic. */
public final class DeadLetterSink {
  private DeadLetterSink() {}

  /**
   * At least once: a dead letter may be written twice after a restart, which is harmless for records that
   * are only inspected, and needs no transactions.
   */
  public static KafkaSink<DeadLetter> create(String bootstrap, String topic) {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(new DeadLetterSerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
