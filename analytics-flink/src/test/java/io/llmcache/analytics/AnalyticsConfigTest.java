package io.llmcache.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {
  @Test
  void defaultsMatchTheLocalServices() {
    AnalyticsConfig config = AnalyticsConfig.fromEnv(Map.of());

    assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:29092");
    assertThat(config.topic()).isEqualTo("llmcache.usage.v1");
    assertThat(config.deadLetterTopic()).isEqualTo("llmcache.usage.dlq.v1");
    assertThat(config.groupId()).isEqualTo("llmcache-analytics");
    assertThat(config.postgres().url()).isEqualTo("jdbc:postgresql://127.0.0.1:25432/llmcache");
    assertThat(config.checkpointDir()).isEqualTo(Path.of("/work/main/.llmcache/flink/checkpoints"));
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.parallelism()).isEqualTo(1);
  }

  @Test
  void readsOverrides() {
    AnalyticsConfig config = AnalyticsConfig.fromEnv(Map.of(
        "LLMCACHE_HOME", "/srv/llmcache",
        "LLMCACHE_KAFKA_BOOTSTRAP", "kafka:9092",
        "LLMCACHE_USAGE_TOPIC", "usage",
        "LLMCACHE_USAGE_DLQ_TOPIC", "usage-dlq",
        "LLMCACHE_POSTGRES_PASSWORD", "s3cret",
        "LLMCACHE_FLINK_CHECKPOINT_INTERVAL", "750ms",
        "LLMCACHE_FLINK_PARALLELISM", "3"));

    assertThat(config.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(config.topic()).isEqualTo("usage");
    assertThat(config.deadLetterTopic()).isEqualTo("usage-dlq");
    assertThat(config.checkpointDir()).isEqualTo(Path.of("/srv/llmcache/flink/checkpoints"));
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.parallelism()).isEqualTo(3);
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void rejectsBadValuesNamingTheVariable() {
    assertThatThrownBy(() -> AnalyticsConfig.fromEnv(Map.of("LLMCACHE_FLINK_CHECKPOINT_INTERVAL", "soon")))
        .hasMessageContaining("LLMCACHE_FLINK_CHECKPOINT_INTERVAL='soon'");
    assertThatThrownBy(() -> AnalyticsConfig.fromEnv(Map.of("LLMCACHE_FLINK_PARALLELISM", "0")))
        .hasMessageContaining("parallelism must be >= 1");
    assertThatThrownBy(() -> AnalyticsConfig.fromEnv(Map.of("LLMCACHE_USAGE_DLQ_TOPIC", "llmcache.usage.v1")))
        .hasMessageContaining("LLMCACHE_USAGE_DLQ_TOPIC must differ");
  }
}
