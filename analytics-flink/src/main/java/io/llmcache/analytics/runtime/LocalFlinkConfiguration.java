package io.llmcache.analytics.runtime;

import io.llmcache.analytics.AnalyticsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RestoreMode;

/** Flink configuration for running the job on the embedded MiniCluster of a plain {@code java} launch. */
public final class LocalFlinkConfiguration {
  /** Checkpoints kept per run; older ones are deleted by Flink as new ones complete. */
  static final int RETAINED_CHECKPOINTS = 3;

  private LocalFlinkConfiguration() {}

  /**
   * Exactly-once checkpoints retained on cancellation under the configured directory, a bounded
   * fixed-delay restart strategy, no Kryo fallback, and memory sized to fit a 768 MB heap. When
   * {@code restoreFrom} is present the job resumes from that checkpoint, which it then owns
   * (CLAIM: Flink deletes it once newer checkpoints subsume it).
   */
  public static Configuration create(AnalyticsConfig config, Optional<Path> restoreFrom) {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, config.parallelism());
    // Small network and managed memory: the heap state backend needs no managed memory.
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32mb"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32mb"));
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("16mb"));
    conf.set(PipelineOptions.GENERIC_TYPES, false);

    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir().toUri().toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofSeconds(1));
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_CHECKPOINTS);

    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(10));

    restoreFrom.ifPresent(checkpoint -> {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
      conf.set(StateRecoveryOptions.RESTORE_MODE, RestoreMode.CLAIM);
      // A newer version of the job may drop an operator; its state is then simply not restored.
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
    });
    return conf;
  }
}
