package io.llmcache.gateway.usage.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcache.gateway.error.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UsageReportQueryTest {

    private static final Instant NOW = Instant.parse("2026-03-15T10:30:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private UsageReportQuery parse(String granularity, String from, String to, String groupBy) {
        return UsageReportQuery.parse("t1", granularity, from, to, groupBy, clock);
    }

    @Test
    void defaultsToHourlyPerModelOverTheLastDay() {
        UsageReportQuery query = parse(null, null, null, null);
        assertThat(query).isEqualTo(new UsageReportQuery("t1", ReportGranularity.HOUR,
                Instant.parse("2026-03-14T10:30:00Z"), NOW, GroupBy.MODEL));
    }

    @Test
    void defaultRangesDependOnTheGranularity() {
        assertThat(parse("minute", null, null, "key").from()).isEqualTo(Instant.parse("2026-03-14T10:30:00Z"));
        assertThat(parse("day", null, null, null).from()).isEqualTo(Instant.parse("2026-02-13T10:30:00Z"));
        assertThat(parse("month", null, null, null).from()).isEqualTo(Instant.parse("2025-03-15T10:30:00Z"));
        assertThat(parse("minute", null, null, "key").groupBy()).isEqualTo(GroupBy.KEY);
        // Only 'to' given: the default range ends there.
        assertThat(parse("day", null, "2026-01-31T00:00:00Z", null).from())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void acceptsInstantsWithOffsetsAndDates() {
        UsageReportQuery query = parse("day", "2026-01-01", "2026-01-31T12:00:00+02:00", null);
        assertThat(query.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-01-31T10:00:00Z"));
    }

    @Test
    void rejectsBadValuesNamingTheParameter() {
        assertInvalid(() -> parse("week", null, null, null), "granularity", "week");
        assertInvalid(() -> parse(null, null, null, "tenant"), "group_by", "tenant");
        assertInvalid(() -> parse(null, "yesterday", null, null), "from", "yesterday");
        assertInvalid(() -> parse(null, null, "2026-13-01T00:00:00Z", null), "to", "2026-13-01");
        assertInvalid(() -> parse(null, "2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z", null), "from",
                "must be before");
        assertInvalid(() -> parse(null, "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", null), "from",
                "must be before");
    }

    @Test
    void limitsTheNumberOfBuckets() {
        // A full day of minutes is allowed, two days are not.
        assertThat(parse("minute", "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", null)).isNotNull();
        assertInvalid(() -> parse("minute", "2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z", null), "from",
                "at most 1500");
        assertThat(parse("month", "1990-01-01", "2026-01-01", null).granularity()).isEqualTo(ReportGranularity.MONTH);
        assertInvalid(() -> parse("day", "2020-01-01", "2026-01-01", null), "from", "day buckets");
        assertInvalid(() -> parse("hour", "2026-01-01", "2026-03-05", null), "from", "hour buckets");
    }

    private static void assertInvalid(Runnable parse, String param, String messagePart) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.toError().param()).isEqualTo(param);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
