package io.llmcache.analytics.events;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** The Kafka source of usage events, shared by the job and its integration test. */
public final class UsageKafkaSource {
  private UsageKafkaSource() {}

  /**
   * Reads {@code topic} from the earliest offset when there is no checkpoint: totals are absolute,
   * so recomputing them from the whole topic is correct. Offsets are committed to {@code groupId}
   * on checkpoints for lag monitoring only; restores use the checkpointed offsets.
   */
  public static KafkaSourceBuilder<UsageInput> builder(String bootstrap, String topic, String groupId) {
    return KafkaSource.<UsageInput>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new UsageEventDeserializer());
  }
}
