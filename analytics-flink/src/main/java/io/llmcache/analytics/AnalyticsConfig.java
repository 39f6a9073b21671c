package io.llmcache.analytics;

import io.llmcache.analytics.store.PostgresSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.util.TimeUtils;

/**
 * Configuration of the analytics job, read once at start-up from environment variables.
 *
 * @param kafkaBootstrap {@code LLMCACHE_KAFKA_BOOTSTRAP}, default {@code 127.0.0.1:29092}
 * @param topic {@code LLMCACHE_USAGE_TOPIC}, default {@code llmcache.usage.v1}
 * @param deadLetterTopic where records that cannot be counted go, raw, with the reason in headers
 *     ({@code LLMCACHE_USAGE_DLQ_TOPIC}, default {@code llmcache.usage.dlq.v1}; created at start)
 * @param groupId {@code LLMCACHE_ANALYTICS_GROUP_ID}, default {@code llmcache-analytics}
 * @param postgres {@code LLMCACHE_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}
 * @param checkpointDir {@code LLMCACHE_FLINK_CHECKPOINT_DIR}, default
 *     {@code $LLMCACHE_HOME/flink/checkpoints} ({@code LLMCACHE_HOME} default {@code /work/main/.llmcache})
 * @param checkpointInterval {@code LLMCACHE_FLINK_CHECKPOINT_INTERVAL} (e.g. {@code 5s}), default 5 s
 * @param parallelism {@code LLMCACHE_FLINK_PARALLELISM}, default 1
 */
public record AnalyticsConfig(
    String kafkaBootstrap,
    String topic,
    String deadLetterTopic,
    String groupId,
    PostgresSettings postgres,
    Path checkpointDir,
    Duration checkpointInterval,
    int parallelism) {

  public AnalyticsConfig {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    if (deadLetterTopic.equals(topic)) {
      throw new IllegalArgumentException("LLMCACHE_USAGE_DLQ_TOPIC must differ from LLMCACHE_USAGE_TOPIC ('"
          + topic + "'): the job would read its own dead letters");
    }
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(postgres, "postgres");
    Objects.requireNonNull(checkpointDir, "checkpointDir");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive, got " + checkpointInterval);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
  }

  /** Reads the configuration from {@code env} (main passes {@code System.getenv()}). */
  public static AnalyticsConfig fromEnv(Map<String, String> env) {
    String home = get(env, "LLMCACHE_HOME", "/work/main/.llmcache");
    return new AnalyticsConfig(
        get(env, "LLMCACHE_KAFKA_BOOTSTRAP", "127.0.0.1:29092"),
        get(env, "LLMCACHE_USAGE_TOPIC", "llmcache.usage.v1"),
        get(env, "LLMCACHE_USAGE_DLQ_TOPIC", "llmcache.usage.dlq.v1"),
        get(env, "LLMCACHE_ANALYTICS_GROUP_ID", "llmcache-analytics"),
        new PostgresSettings(
            get(env, "LLMCACHE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:25432/llmcache"),
            get(env, "LLMCACHE_POSTGRES_USER", "llmcache"),
            get(env, "LLMCACHE_POSTGRES_PASSWORD", "llmcache")),
        Path.of(get(env, "LLMCACHE_FLINK_CHECKPOINT_DIR", home + "/flink/checkpoints")).toAbsolutePath(),
        duration(env, "LLMCACHE_FLINK_CHECKPOINT_INTERVAL", Duration.ofSeconds(5)),
        integer(env, "LLMCACHE_FLINK_PARALLELISM", 1));
  }

  private static String get(Map<String, String> env, String name, String defaultValue) {
    String value = env.get(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  private static Duration duration(Map<String, String> env, String name, Duration defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return TimeUtils.parseDuration(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + "='" + value + "' is not a duration (expected e.g. 5s, 500ms, 1min)", e);
    }
  }

  private static int integer(Map<String, String> env, String name, int defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is not an integer", e);
    }
  }
}
