package io.llmcache.analytics;

import io.llmcache.analytics.events.DeduplicateFunction;
import io.llmcache.analytics.events.UsageRecord;
import io.llmcache.analytics.rollup.MinuteKey;
import io.llmcache.analytics.rollup.MinuteRollupFunction;
import io.llmcache.analytics.rollup.UsageMinute;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Usage events → de-duplicated by event id → absolute per-minute totals per tenant and model →
 * sink. Source and sink are injected so tests can bound the source and the job stays the same.
 *
 * <p>Operator uids are part of the checkpoint format: changing one orphans its state on restore.
 */
public final class UsageRollupJob {
  /** Name under which the job runs. */
  public static final String JOB_NAME = "llmcache-usage-rollup";

  private final Source<UsageRecord, ?, ?> source;
  private final Sink<UsageMinute> sink;
  private final RollupSettings settings;

  public UsageRollupJob(Source<UsageRecord, ?, ?> source, Sink<UsageMinute> sink, RollupSettings settings) {
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Adds the pipeline to {@code env}; the caller executes it. */
  public void build(StreamExecutionEnvironment env) {
    env.fromSource(source, watermarks(settings), "usage-events")
        .uid("usage-events-source")
        .keyBy(UsageRecord::eventId, Types.STRING)
        .process(new DeduplicateFunction(settings.dedupeTtl()))
        .uid("usage-dedupe")
        .name("dedupe-by-event-id")
        .keyBy(MinuteKey::of, TypeInformation.of(MinuteKey.class))
        .process(new MinuteRollupFunction(settings.emitInterval(), settings.allowedLateness()))
        .uid("usage-minute-rollup")
        .name("rollup-per-minute")
        // Same parallelism as the rollup, so the sink input is forwarded: all updates of one
        // minute reach the same writer in order.
        .sinkTo(sink)
        .uid("usage-minute-sink")
        .name("usage-minute-upsert");
  }

  static WatermarkStrategy<UsageRecord> watermarks(RollupSettings settings) {
    return WatermarkStrategy.<UsageRecord>forBoundedOutOfOrderness(settings.outOfOrderness())
        .withTimestampAssigner((event, kafkaTimestamp) -> event.eventTimeMillis())
        .withIdleness(settings.idleness());
  }
}
