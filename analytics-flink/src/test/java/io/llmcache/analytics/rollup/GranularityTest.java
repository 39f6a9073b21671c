package io.llmcache.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GranularityTest {
  @Test
  void bucketsAreUtcAlignedIncludingMonthsOfDifferentLengths() {
    long t = millis("2024-02-29T23:59:59.999Z");
    assertThat(Granularity.MINUTE.bucketStart(t)).isEqualTo(millis("2024-02-29T23:59:00Z"));
    assertThat(Granularity.HOUR.bucketStart(t)).isEqualTo(millis("2024-02-29T23:00:00Z"));
    assertThat(Granularity.DAY.bucketStart(t)).isEqualTo(millis("2024-02-29T00:00:00Z"));
    assertThat(Granularity.MONTH.bucketStart(t)).isEqualTo(millis("2024-02-01T00:00:00Z"));
    assertThat(Granularity.MONTH.bucketStart(t + 1)).isEqualTo(millis("2024-03-01T00:00:00Z"));

    assertThat(Granularity.MONTH.nextBucketStart(millis("2024-02-01T00:00:00Z"))).isEqualTo(millis("2024-03-01T00:00:00Z"));
    assertThat(Granularity.MONTH.nextBucketStart(millis("2025-12-01T00:00:00Z"))).isEqualTo(millis("2026-01-01T00:00:00Z"));
    assertThat(Granularity.DAY.nextBucketStart(millis("2025-03-30T00:00:00Z"))).isEqualTo(millis("2025-03-31T00:00:00Z"));
  }

  @Test
  void eventsBeforeTheEpochStillFallIntoTheirOwnBucket() {
    assertThat(Granularity.HOUR.bucketStart(-1)).isEqualTo(-3_600_000L);
    assertThat(Granularity.MONTH.bucketStart(-1)).isEqualTo(millis("1969-12-01T00:00:00Z"));
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
