package io.llmcache.analytics.rollup;

import io.llmcache.analytics.events.UsageRecord;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running absolute totals of one (tenant, model, minute) and emits them at most once
 * per {@code emitInterval} (processing time), so readers see a request within seconds instead of
 * waiting for the minute to close; emits once more when the watermark passes the end of the
 * minute (this is also what flushes a bounded run).
 *
 * <p>State of a minute is kept until the watermark is {@code allowedLateness} past its end, so late
 * events (e.g. a gateway spool replayed after a Kafka outage) still add to the right totals. An
 * event later than that is dropped and counted: restarting from zero would overwrite the stored
 * totals with a smaller number.
 */
public final class MinuteRollupFunction extends KeyedProcessFunction<MinuteKey, UsageRecord, UsageMinute> {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(MinuteRollupFunction.class);

  /** Counter of events dropped because their minute's state was already released. */
  public static final String TOO_LATE_METRIC = "usageEventsTooLate";

  private final long emitIntervalMillis;
  private final long allowedLatenessMillis;
  private transient ValueState<UsageMinute> totals;
  private transient ValueState<Long> pendingEmit;
  private transient Counter tooLate;

  public MinuteRollupFunction(Duration emitInterval, Duration allowedLateness) {
    this.emitIntervalMillis = Objects.requireNonNull(emitInterval, "emitInterval").toMillis();
    this.allowedLatenessMillis = Objects.requireNonNull(allowedLateness, "allowedLateness").toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    totals = getRuntimeContext().getState(
        new ValueStateDescriptor<>("totals", TypeInformation.of(UsageMinute.class)));
    pendingEmit = getRuntimeContext().getState(new ValueStateDescriptor<>("pendingEmit", Types.LONG));
    tooLate = getRuntimeContext().getMetricGroup().counter(TOO_LATE_METRIC);
  }

  @Override
  public void processElement(UsageRecord event, Context ctx, Collector<UsageMinute> out)
      throws Exception {
    MinuteKey key = ctx.getCurrentKey();
    if (ctx.timerService().currentWatermark() >= releaseTime(key)) {
      tooLate.inc();
      log.warn("Dropped usage event {} of tenant {}: its minute {} is older than the allowed lateness {} ms",
          event.eventId(), event.tenantId(), key.minuteStartMillis(), allowedLatenessMillis);
      return;
    }
    UsageMinute current = totals.value();
    if (current == null) {
      current = UsageMinute.empty(key);
      ctx.timerService().registerEventTimeTimer(key.minuteEndMillis());
      ctx.timerService().registerEventTimeTimer(releaseTime(key));
    }
    totals.update(current.plus(event));
    if (pendingEmit.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + emitIntervalMillis;
      ctx.timerService().registerProcessingTimeTimer(at);
      pendingEmit.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<UsageMinute> out) throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      pendingEmit.clear();
      out.collect(totals.value());
      return;
    }
    // Event time: the minute is complete (or, at the release time, finished for good).
    Long pending = pendingEmit.value();
    if (pending != null) {
      ctx.timerService().deleteProcessingTimeTimer(pending);
      pendingEmit.clear();
      out.collect(totals.value());
    }
    if (timestamp >= releaseTime(ctx.getCurrentKey())) {
      totals.clear();
    }
  }

  private long releaseTime(MinuteKey key) {
    return key.minuteEndMillis() + allowedLatenessMillis;
  }
}
