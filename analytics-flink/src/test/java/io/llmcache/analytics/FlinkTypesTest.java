package io.llmcache.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.analytics.deadletter.DeadLetter;
import io.llmcache.analytics.events.UsageInput;
import io.llmcache.analytics.events.UsageRecord;
import io.llmcache.analytics.rollup.RollupKey;
import io.llmcache.analytics.rollup.UsageCounts;
import io.llmcache.analytics.rollup.UsageRollup;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Records that flow between operators or live in state must be Flink POJOs, never Kryo. */
class FlinkTypesTest {
  @Test
  void recordsAreFlinkPojos() {
    assertThat(TypeInformation.of(UsageRecord.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(UsageInput.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(DeadLetter.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(UsageRollup.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(UsageCounts.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(RollupKey.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(RollupKey.class).isKeyType()).isTrue();
  }
}
