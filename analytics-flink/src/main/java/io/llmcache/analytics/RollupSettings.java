package io.llmcache.analytics;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the rollup pipeline.
 *
 * @param outOfOrderness how far event time may go backwards within a Kafka partition
 * @param idleness after this long without records a partition stops holding back the watermark
 * @param dedupeTtl how long an event id is remembered to drop its duplicates
 * @param allowedLateness how long after its bucket (minute, hour, day, month) ends an event is still added to it
 * @param emitInterval how often, at most, the totals of one bucket are written
 * @param sinkBatchInterval how long the JDBC sink may buffer rows
 */
public record RollupSettings(
    Duration outOfOrderness,
    Duration idleness,
    Duration dedupeTtl,
    Duration allowedLateness,
    Duration emitInterval,
    Duration sinkBatchInterval) implements Serializable {

  public RollupSettings {
    Objects.requireNonNull(outOfOrderness, "outOfOrderness");
    Objects.requireNonNull(idleness, "idleness");
    Objects.requireNonNull(dedupeTtl, "dedupeTtl");
    Objects.requireNonNull(allowedLateness, "allowedLateness");
    Objects.requireNonNull(emitInterval, "emitInterval");
    Objects.requireNonNull(sinkBatchInterval, "sinkBatchInterval");
  }

  /** Totals visible within about 1.2 s; duplicates and late events handled for 24 h. */
  public static RollupSettings defaults() {
    return new RollupSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofHours(24),
        Duration.ofHours(24),
        Duration.ofSeconds(1),
        Duration.ofMillis(200));
  }
}
