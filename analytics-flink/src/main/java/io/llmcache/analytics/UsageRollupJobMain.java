package io.llmcache.analytics;

import io.llmcache.analytics.deadletter.DeadLetterSink;
import io.llmcache.analytics.deadletter.DeadLetterTopic;
import io.llmcache.analytics.events.UsageKafkaSource;
import io.llmcache.analytics.runtime.CheckpointLocator;
import io.llmcache.analytics.runtime.LocalFlinkConfiguration;
import io.llmcache.analytics.store.AnalyticsSchema;
import io.llmcache.analytics.store.UsageRollupSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the usage rollup job on an embedded MiniCluster: migrates the {@code analytics} schema,
 * resumes from the newest completed checkpoint if there is one, and runs until the process stops.
 */
public final class UsageRollupJobMain {
  private static final Logger log = LoggerFactory.getLogger(UsageRollupJobMain.class);

  private UsageRollupJobMain() {}

  public static void main(String[] args) throws Exception {
    AnalyticsConfig config = AnalyticsConfig.fromEnv(System.getenv());
    log.info("Starting {} with {}", UsageRollupJob.JOB_NAME, config);
    AnalyticsSchema.migrate(config.postgres());
    DeadLetterTopic.ensure(config.kafkaBootstrap(), config.deadLetterTopic(), Duration.ofSeconds(30));

    Optional<Path> checkpoint = CheckpointLocator.latestCompleted(config.checkpointDir());
    checkpoint.ifPresentOrElse(
        dir -> log.info("Restoring from checkpoint {}", dir),
        () -> log.info("No completed checkpoint under {}: reading {} from the earliest offset",
            config.checkpointDir(), config.topic()));

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(LocalFlinkConfiguration.create(config, checkpoint));
    RollupSettings settings = RollupSettings.defaults();
    new UsageRollupJob(
        UsageKafkaSource.builder(config.kafkaBootstrap(), config.topic(), config.groupId())
            // Pick up partitions added to the topic within 30 s instead of Kafka's 5 min default.
            .setProperty("partition.discovery.interval.ms", "30000")
            .build(),
        UsageRollupSink.create(config.postgres(), settings.sinkBatchInterval()),
        DeadLetterSink.create(config.kafkaBootstrap(), config.deadLetterTopic()),
        settings)
        .build(env);
    JobClient job = env.executeAsync(UsageRollupJob.JOB_NAME);
    awaitRunning(job);
    // The launcher waits for this line before it calls the stack healthy.
    log.info("Usage rollup job running (job id {})", job.getJobID());
    job.getJobExecutionResult().get();
  }

  private static void awaitRunning(JobClient job) throws Exception {
    while (true) {
      JobStatus status = job.getJobStatus().get();
      if (status == JobStatus.RUNNING) {
        return;
      }
      if (status.isTerminalState()) {
        throw new IllegalStateException("Usage rollup job ended before running: " + status);
      }
      Thread.sleep(100);
    }
  }
}
