package io.llmcache.analytics.events;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first event of each event id and drops repeats (producer retries, spool replays).
 * Keyed by event id; the "seen" flag expires {@code ttl} after it was written, which bounds state
 * and is the window within which duplicates are guaranteed to be caught.
 */
public final class DeduplicateFunction extends KeyedProcessFunction<String, UsageRecord, UsageRecord> {
  private static final long serialVersionUID = 1L;

  /** Counter of dropped duplicates. */
  public static final String DUPLICATES_METRIC = "usageEventsDuplicate";

  private final Duration ttl;
  private transient ValueState<Boolean> seen;
  private transient Counter duplicates;

  public DeduplicateFunction(Duration ttl) {
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build());
    seen = getRuntimeContext().getState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES_METRIC);
  }

  @Override
  public void processElement(UsageRecord event, Context ctx, Collector<UsageRecord> out)
      throws Exception {
    if (seen.value() != null) {
      duplicates.inc();
      return;
    }
    seen.update(Boolean.TRUE);
    out.collect(event);
  }
}
