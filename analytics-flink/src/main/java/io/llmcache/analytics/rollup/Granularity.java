package io.llmcache.analytics.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** The width of a rollup bucket; buckets are aligned to event time in UTC. */
public enum Granularity {
  MINUTE,
  HOUR,
  DAY,
  MONTH;

  /** Start of the bucket that holds {@code eventTimeMillis}. */
  public long bucketStart(long eventTimeMillis) {
    return switch (this) {
      case MINUTE -> Math.floorDiv(eventTimeMillis, 60_000L) * 60_000L;
      case HOUR -> Math.floorDiv(eventTimeMillis, 3_600_000L) * 3_600_000L;
      case DAY -> Math.floorDiv(eventTimeMillis, 86_400_000L) * 86_400_000L;
      case MONTH -> {
        LocalDate date = Instant.ofEpochMilli(eventTimeMillis).atZone(ZoneOffset.UTC).toLocalDate();
        yield date.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
    };
  }

  /** Start of the next bucket (exclusive end of the one starting at {@code bucketStartMillis}). */
  public long nextBucketStart(long bucketStartMillis) {
    return switch (this) {
      case MINUTE -> bucketStartMillis + 60_000L;
      case HOUR -> bucketStartMillis + 3_600_000L;
      case DAY -> bucketStartMillis + 86_400_000L;
      case MONTH -> ZonedDateTime.ofInstant(Instant.ofEpochMilli(bucketStartMillis), ZoneOffset.UTC)
          .plusMonths(1).toInstant().toEpochMilli();
    };
  }

  /** The value of the {@code granularity} column. */
  public String sqlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
