package io.llmcache.analytics.deadletter;

import static io.llmcache.analytics.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.analytics.events.UsageInput;
import io.llmcache.analytics.events.UsageRecord;
import io.llmcache.proto.v1.CacheResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeadLetterRouterTest {

  @Test
  void passesEventsOnAndSendsDeadLettersToTheSideOutputCountingThem() throws Exception {
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    UnregisteredMetricGroups.UnregisteredTaskMetricGroup task =
        new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
          @Override
          public InternalOperatorMetricGroup getOrAddOperator(OperatorID operatorID, String name) {
            return metrics;
          }
        };
    UsageRecord good = UsageRecord.fromEvent(event("e1", "t1", "m", Instant.parse("2025-03-01T10:00:00Z"),
        CacheResult.CACHE_RESULT_MISS, 1, 2).build());
    DeadLetter bad = new DeadLetter("t1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3},
        "not a UsageEvent", "llmcache.usage.v1", 1, 7L);

    try (OneInputStreamOperatorTestHarness<UsageInput, UsageRecord> harness = new OneInputStreamOperatorTestHarness<>(
        new ProcessOperator<>(new DeadLetterRouter()), new MockEnvironmentBuilder().setMetricGroup(task).build())) {
      harness.open();
      harness.processElement(new StreamRecord<>(UsageInput.rejected(bad)));
      harness.processElement(new StreamRecord<>(UsageInput.valid(good), 5L));

      assertThat(harness.extractOutputValues()).containsExactly(good);
      assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
          .isEqualTo(List.of(bad));
      assertThat(((Counter) metrics.get(DeadLetterRouter.DEAD_LETTERED_METRIC)).getCount()).isEqualTo(1);
    }
  }
}
