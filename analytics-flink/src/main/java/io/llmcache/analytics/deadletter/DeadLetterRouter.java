package io.llmcache.analytics.deadletter;

import io.llmcache.analytics.events.UsageInput;
import io.llmcache.analytics.events.UsageRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes decoded events on and sends refused records to the {@link #DEAD_LETTERS} side output, counting them
 * in {@value #DEAD_LETTERED_METRIC}.
 */
public final class DeadLetterRouter extends ProcessFunction<UsageInput, UsageRecord> {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(DeadLetterRouter.class);

  /** Counter of records sent to the dead-letter topic. */
  public static final String DEAD_LETTERED_METRIC = "usageEventsDeadLettered";

  /** Side output of the records that cannot be counted. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("usage-dead-letters", TypeInformation.of(DeadLetter.class));

  private transient Counter deadLettered;

  @Override
  public void open(Configuration parameters) {
    deadLettered = getRuntimeContext().getMetricGroup().counter(DEAD_LETTERED_METRIC);
  }

  @Override
  public void processElement(UsageInput input, Context ctx, Collector<UsageRecord> out) {
    if (input.event() != null) {
      out.collect(input.event());
      return;
    }
    DeadLetter letter = input.deadLetter();
    deadLettered.inc();
    log.warn("Dead-lettered usage record {}-{}@{}: {}", letter.sourceTopic(), letter.sourcePartition(),
        letter.sourceOffset(), letter.reason());
    ctx.output(DEAD_LETTERS, letter);
  }
}
