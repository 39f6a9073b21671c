package io.llmcache.analytics.rollup;

import io.llmcache.analytics.events.UsageRecord;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running absolute totals and latency histogram of one (granularity, tenant, model, API
 * key, bucket) and emits them at most once per {@code emitInterval} (processing time), and once
 * more when the watermark passes the end of the bucket (which also flushes a bounded run).
 *
 * <p>State of a bucket is released when the watermark is {@code allowedLateness} past its end, so
 * late events still add to the right bucket; an event later than that is dropped and counted,
 * because restarting from zero would overwrite the stored totals with a smaller number. State is
 * therefore bounded per tenant × model × key by the buckets that end within the last
 * {@code allowedLateness}: with 24 h that is about 1,441 minutes, 25 hours, 2 days and, for at most
 * the first day of a month, 2 months (the current one and the one just closed); each holds 11
 * counters and at most {@link LatencyHistogram#MAX_BUCKETS} histogram counts.
 */
public final class UsageRollupFunction extends KeyedProcessFunction<RollupKey, UsageRecord, UsageRollup> {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(UsageRollupFunction.class);

  /** Counter of events dropped because their bucket's state was already released. */
  public static final String TOO_LATE_METRIC = "usageEventsTooLate";

  private final long emitIntervalMillis;
  private final long allowedLatenessMillis;
  private transient ValueState<UsageCounts> counts;
  private transient ValueState<long[]> latencies;
  private transient ValueState<Long> pendingEmit;
  private transient Counter tooLate;

  public UsageRollupFunction(Duration emitInterval, Duration allowedLateness) {
    this.emitIntervalMillis = Objects.requireNonNull(emitInterval, "emitInterval").toMillis();
    this.allowedLatenessMillis = Objects.requireNonNull(allowedLateness, "allowedLateness").toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    counts = getRuntimeContext().getState(
        new ValueStateDescriptor<>("counts", TypeInformation.of(UsageCounts.class)));
    latencies = getRuntimeContext().getState(
        new ValueStateDescriptor<>("latencyHistogram", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    pendingEmit = getRuntimeContext().getState(new ValueStateDescriptor<>("pendingEmit", Types.LONG));
    tooLate = getRuntimeContext().getMetricGroup().counter(TOO_LATE_METRIC);
  }

  @Override
  public void processElement(UsageRecord event, Context ctx, Collector<UsageRollup> out) throws Exception {
    RollupKey key = ctx.getCurrentKey();
    if (ctx.timerService().currentWatermark() >= releaseTime(key)) {
      tooLate.inc();
      log.warn("Dropped usage event {} of tenant {}: its {} bucket {} is older than the allowed lateness {} ms",
          event.eventId(), event.tenantId(), key.granularity().sqlName(), key.bucketStartMillis(),
          allowedLatenessMillis);
      return;
    }
    UsageCounts current = counts.value();
    long[] histogram = latencies.value();
    if (current == null) {
      current = UsageCounts.ZERO;
      histogram = new long[0];
      ctx.timerService().registerEventTimeTimer(key.bucketEndMillis());
      ctx.timerService().registerEventTimeTimer(releaseTime(key));
    }
    counts.update(current.plus(event));
    latencies.update(LatencyHistogram.add(histogram, event.latencyMs()));
    if (pendingEmit.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + emitIntervalMillis;
      ctx.timerService().registerProcessingTimeTimer(at);
      pendingEmit.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UsageRollup> out) throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      pendingEmit.clear();
      out.collect(UsageRollup.of(ctx.getCurrentKey(), counts.value(), latencies.value()));
      return;
    }
    // Event time: the bucket is complete (or, at the release time, finished for good).
    Long pending = pendingEmit.value();
    if (pending != null) {
      ctx.timerService().deleteProcessingTimeTimer(pending);
      pendingEmit.clear();
      out.collect(UsageRollup.of(ctx.getCurrentKey(), counts.value(), latencies.value()));
    }
    if (timestamp >= releaseTime(ctx.getCurrentKey())) {
      counts.clear();
      latencies.clear();
    }
  }

  private long releaseTime(RollupKey key) {
    return key.bucketEndMillis() + allowedLatenessMillis;
  }
}
