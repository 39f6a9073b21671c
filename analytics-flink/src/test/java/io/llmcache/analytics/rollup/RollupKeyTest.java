package io.llmcache.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollupKeyTest {

  @Test
  void hashIsTheSameInEveryJvmSoRestoredStateIsFound() {
    RollupKey key = new RollupKey(Granularity.HOUR, "tenant-1", "gpt-4o-mini", "key-1", 1_700_000_000_000L);

    // A literal, not a recomputation: an identity-based hash (an enum's default) would differ per run.
    assertThat(key.hashCode()).isEqualTo(228_796_132);
  }

  @Test
  void equalKeysHashAlikeAndGranularitiesStayApart() {
    RollupKey hour = new RollupKey(Granularity.HOUR, "t", "m", "k", 0L);

    assertThat(hour).isEqualTo(new RollupKey(Granularity.HOUR, "t", "m", "k", 0L));
    assertThat(hour.hashCode()).isEqualTo(new RollupKey(Granularity.HOUR, "t", "m", "k", 0L).hashCode());
    assertThat(hour).isNotEqualTo(new RollupKey(Granularity.DAY, "t", "m", "k", 0L));
  }
}
