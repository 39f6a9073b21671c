package io.llmcache.gateway.usage.report;

import com.linecorp.armeria.common.annotation.Nullable;
import io.llmcache.gateway.error.InvalidRequestException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A validated {@code GET /api/usage} request: buckets of {@code granularity} whose start lies in
 * {@code [from, to)}, one series point per bucket and group.
 *
 * @param tenantId the tenant to report on, or null for all tenants (admin only)
 */
public record UsageReportQuery(@Nullable String tenantId, ReportGranularity granularity, Instant from, Instant to,
                               GroupBy groupBy) {

    /** The most buckets one report may span (a day of minutes fits). */
    public static final long MAX_BUCKETS = 1_500;

    public UsageReportQuery {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(groupBy, "groupBy");
    }

    /**
     * Parses the query parameters; each may be null. Defaults: hourly, grouped by model, ending now, over the
     * granularity's default range.
     *
     * @throws InvalidRequestException naming the bad parameter, its value and what is expected
     */
    public static UsageReportQuery parse(@Nullable String tenantId, @Nullable String granularity,
                                         @Nullable String from, @Nullable String to, @Nullable String groupBy,
                                         Clock clock) {
        ReportGranularity g = granularity(granularity);
        GroupBy group = groupBy(groupBy);
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? g.defaultFrom(end) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("'from' (" + start + ") must be before 'to' (" + end + ").", "from");
        }
        long buckets = g.maxBuckets(start, end);
        if (buckets > MAX_BUCKETS) {
            throw new InvalidRequestException("The range " + start + " to " + end + " spans up to " + buckets + " "
                    + g.wireName() + " buckets; at most " + MAX_BUCKETS
                    + " are allowed. Narrow the range or use a coarser granularity.", "from");
        }
        return new UsageReportQuery(tenantId, g, start, end, group);
    }

    private static ReportGranularity granularity(@Nullable String value) {
        if (value == null) {
            return ReportGranularity.HOUR;
        }
        for (ReportGranularity g : ReportGranularity.values()) {
            if (g.wireName().equals(value)) {
                return g;
            }
        }
        throw new InvalidRequestException("Invalid granularity '" + value
                + "'; expected one of minute, hour, day, month.", "granularity");
    }

    private static GroupBy groupBy(@Nullable String value) {
        if (value == null) {
            return GroupBy.MODEL;
        }
        for (GroupBy g : GroupBy.values()) {
            if (g.wireName().equals(value)) {
                return g;
            }
        }
        throw new InvalidRequestException("Invalid group_by '" + value + "'; expected model or key.", "group_by");
    }

    /** An ISO-8601 instant with offset ({@code 2025-03-01T10:00:00Z}) or a date, meaning its start in UTC. */
    private static Instant instant(String param, String value) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidRequestException("Invalid " + param + " '" + value
                    + "'; expected an ISO-8601 time with offset such as 2025-03-01T10:00:00Z, or a date such as "
                    + "2025-03-01.", param, e);
        }
    }
}
