package io.llmcache.analytics;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** A keyed operator test harness whose operator metrics can be read back. */
public final class MetricsHarness {
  private MetricsHarness() {}

  /** The harness plus the metric group its operator registers into. */
  public record Keyed<K, IN, OUT>(
      KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> harness, InterceptingOperatorMetricGroup metrics) {

    public long counter(String name) {
      return ((Counter) metrics.get(name)).getCount();
    }
  }

  public static <K, IN, OUT> Keyed<K, IN, OUT> keyed(
      KeyedProcessFunction<K, IN, OUT> function, KeySelector<IN, K> keySelector, TypeInformation<K> keyType)
      throws Exception {
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    UnregisteredMetricGroups.UnregisteredTaskMetricGroup task =
        new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
          @Override
          public InternalOperatorMetricGroup getOrAddOperator(OperatorID operatorID, String name) {
            return metrics;
          }
        };
    KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(function), keySelector, keyType,
        new MockEnvironmentBuilder().setMetricGroup(task).build());
    harness.open();
    return new Keyed<>(harness, metrics);
  }
}
