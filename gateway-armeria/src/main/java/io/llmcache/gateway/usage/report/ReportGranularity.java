package io.llmcache.gateway.usage.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The bucket width of a usage report; the values of {@code analytics.usage_rollup_v.granularity}. */
public enum ReportGranularity {
    MINUTE(Duration.ofHours(24)),
    HOUR(Duration.ofHours(24)),
    DAY(Duration.ofDays(30)),
    MONTH(null);

    private final Duration defaultRange;

    ReportGranularity(Duration defaultRange) {
        this.defaultRange = defaultRange;
    }

    /** The name used in the query string, the JSON body and the view. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Start of the default range ending at {@code to}: 24 h, 30 days or 12 months back. */
    public Instant defaultFrom(Instant to) {
        return defaultRange != null ? to.minus(defaultRange) : to.atZone(ZoneOffset.UTC).minusMonths(12).toInstant();
    }

    /** How many buckets can start in {@code [from, to)}, at most (an upper bound, exact for aligned ranges). */
    public long maxBuckets(Instant from, Instant to) {
        return switch (this) {
            case MINUTE -> ceilDiv(from, to, 60_000L) + 1;
            case HOUR -> ceilDiv(from, to, 3_600_000L) + 1;
            case DAY -> ceilDiv(from, to, 86_400_000L) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(from.atZone(ZoneOffset.UTC), to.atZone(ZoneOffset.UTC)) + 1;
        };
    }

    private static long ceilDiv(Instant from, Instant to, long bucketMillis) {
        long millis = Duration.between(from, to).toMillis();
        return Math.floorDiv(millis + bucketMillis - 1, bucketMillis);
    }
}
