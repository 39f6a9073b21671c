package io.llmcache.analytics;

import io.llmcache.analytics.deadletter.DeadLetter;
import io.llmcache.analytics.deadletter.DeadLetterRouter;
import io.llmcache.analytics.events.DeduplicateFunction;
import io.llmcache.analytics.events.UsageInput;
import io.llmcache.analytics.events.UsageRecord;
import io.llmcache.analytics.rollup.Granularity;
import io.llmcache.analytics.rollup.RollupKey;
import io.llmcache.analytics.rollup.UsageRollup;
import io.llmcache.analytics.rollup.UsageRollupFunction;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Usage events → de-duplicated by event id → absolute totals with latency percentiles per minute,
 * hour, day and month per tenant, model and API key → rollup sink; records that cannot be counted →
 * dead-letter sink. The per-minute tenant × model totals the gateway reads are the minute rows summed
 * over API keys (the view {@code analytics.usage_minute_v}), so they need no pipeline of their own.
 * Source and sinks are injected so tests can bound the source and the job stays the same.
 *
 * <p>Operator uids are part of the checkpoint format: changing one orphans its state on restore.
 * Checkpoints that still hold the state of the removed per-minute operator ({@code
 * usage-minute-rollup}) restore because unclaimed state is ignored ({@code LocalFlinkConfiguration}).
 */
public final class UsageRollupJob {
  /** Name under which the job runs. */
  public static final String JOB_NAME = "llmcache-usage-rollup";

  private final Source<UsageInput, ?, ?> source;
  private final Sink<UsageRollup> rollupSink;
  private final Sink<DeadLetter> deadLetterSink;
  private final RollupSettings settings;

  public UsageRollupJob(Source<UsageInput, ?, ?> source, Sink<UsageRollup> rollupSink,
      Sink<DeadLetter> deadLetterSink, RollupSettings settings) {
    this.source = Objects.requireNonNull(source, "source");
    this.rollupSink = Objects.requireNonNull(rollupSink, "rollupSink");
    this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Adds the pipeline to {@code env}; the caller executes it. */
  public void build(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<UsageRecord> events = env
        .fromSource(source, watermarks(settings), "usage-events")
        .uid("usage-events-source")
        .process(new DeadLetterRouter())
        .uid("usage-dead-letter-router")
        .name("route-dead-letters");
    events.getSideOutput(DeadLetterRouter.DEAD_LETTERS)
        .sinkTo(deadLetterSink)
        .uid("usage-dead-letter-sink")
        .name("usage-dead-letters");
    SingleOutputStreamOperator<UsageRecord> unique = events
        .keyBy(UsageRecord::eventId, Types.STRING)
        .process(new DeduplicateFunction(settings.dedupeTtl()))
        .uid("usage-dedupe")
        .name("dedupe-by-event-id");
    DataStream<UsageRollup> rollups = null;
    for (Granularity granularity : Granularity.values()) {
      String name = granularity.sqlName();
      DataStream<UsageRollup> rollup = unique
          .keyBy(event -> RollupKey.of(granularity, event), TypeInformation.of(RollupKey.class))
          .process(new UsageRollupFunction(settings.emitInterval(), settings.allowedLateness()))
          .uid("usage-rollup-" + name)
          .name("rollup-per-" + name);
      rollups = rollups == null ? rollup : rollups.union(rollup);
    }
    // Rows of different keys never conflict, so one writer may take all granularities; each key's
    // updates still arrive in order from the one subtask that owns it.
    rollups
        .sinkTo(rollupSink)
        .uid("usage-rollup-sink")
        .name("usage-rollup-upsert");
  }

  /** Dead letters carry no event time, so they never move the watermark. */
  static WatermarkStrategy<UsageInput> watermarks(RollupSettings settings) {
    return WatermarkStrategy.<UsageInput>forBoundedOutOfOrderness(settings.outOfOrderness())
        .withTimestampAssigner((input, kafkaTimestamp) ->
            input.event() != null ? input.event().eventTimeMillis() : Long.MIN_VALUE)
        .withIdleness(settings.idleness());
  }
}
