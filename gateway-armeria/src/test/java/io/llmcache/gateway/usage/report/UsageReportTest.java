package io.llmcache.gateway.usage.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmcache.gateway.json.Json;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageReportTest {

    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-02T00:00:00Z");
    private final Json json = new Json();

    private JsonNode render(GroupBy groupBy, List<UsageSeriesPoint> series) {
        UsageReportQuery query = new UsageReportQuery("t1", ReportGranularity.HOUR, FROM, TO, groupBy);
        return json.readTreeOrNull(json.write(new UsageReport(query, series).toJson(json.mapper())));
    }

    @Test
    void rendersTheContractFieldsWithExactDollars() {
        JsonNode body = render(GroupBy.MODEL, List.of(new UsageSeriesPoint(Instant.parse("2026-03-01T10:00:00Z"),
                "gpt-4o-mini", 8, 3, 1, 3, 1, 0, 1_234, 12_500_000, 1_500, 120, 950)));

        assertThat(body.get("granularity").asText()).isEqualTo("hour");
        assertThat(body.get("from").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(body.get("to").asText()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(body.get("group_by").asText()).isEqualTo("model");
        JsonNode point = body.get("series").get(0);
        assertThat(point.fieldNames()).toIterable().containsExactly("bucket_start", "model", "requests", "exact_hits",
                "semantic_hits", "misses", "bypasses", "errors", "hit_rate", "tokens_saved", "cost_saved_usd",
                "upstream_cost_usd", "latency_p50_ms", "latency_p95_ms");
        assertThat(point.get("bucket_start").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(point.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(point.get("requests").asLong()).isEqualTo(8);
        assertThat(point.get("hit_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(point.get("cost_saved_usd").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(point.get("upstream_cost_usd").decimalValue()).isEqualByComparingTo("0.0015");
        assertThat(point.get("latency_p50_ms").asLong()).isEqualTo(120);
        assertThat(point.get("latency_p95_ms").asLong()).isEqualTo(950);
        assertThat(new String(json.write(new UsageReport(new UsageReportQuery(null, ReportGranularity.DAY, FROM, TO,
                GroupBy.MODEL), List.of(new UsageSeriesPoint(FROM, "m", 1, 0, 0, 1, 0, 0, 0, 0, 10_000_000, 0, 0)))
                .toJson(json.mapper())))).contains("\"upstream_cost_usd\":10").doesNotContain("E+");
    }

    @Test
    void groupByKeyNamesTheKeyAndAnEmptyRangeHasAnEmptySeries() {
        JsonNode body = render(GroupBy.KEY, List.of(new UsageSeriesPoint(FROM, "key-1", 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0)));
        assertThat(body.get("group_by").asText()).isEqualTo("key");
        assertThat(body.at("/series/0/api_key_id").asText()).isEqualTo("key-1");
        assertThat(body.at("/series/0").has("model")).isFalse();
        assertThat(body.at("/series/0/hit_rate").decimalValue()).isEqualByComparingTo("0");

        assertThat(render(GroupBy.MODEL, List.of()).get("series")).isEmpty();
    }

    @Test
    void theStatementGroupsByTheRequestedColumnAndScopesToTheTenant() {
        UsageReportQuery perKey = new UsageReportQuery("t1", ReportGranularity.DAY, FROM, TO, GroupBy.KEY);
        assertThat(UsageReportRepository.sql(perKey))
                .contains("FROM analytics.usage_rollup_v")
                .contains("AND tenant_id = ?")
                .contains("GROUP BY bucket_start, api_key_id ORDER BY bucket_start, api_key_id")
                .contains("analytics.latency_quantile(analytics.latency_histogram_sum(latency_histogram), 0.95)");
        UsageReportQuery allTenants = new UsageReportQuery(null, ReportGranularity.DAY, FROM, TO, GroupBy.MODEL);
        assertThat(UsageReportRepository.sql(allTenants))
                .doesNotContain("tenant_id")
                .contains("GROUP BY bucket_start, model");
    }

    @Test
    void mapsAResultRowInColumnOrder() throws Exception {
        Map<Integer, Object> columns = Map.ofEntries(Map.entry(1, Timestamp.from(FROM)), Map.entry(2, "gpt-4o"),
                Map.entry(3, 10L), Map.entry(4, 4L), Map.entry(5, 2L), Map.entry(6, 3L), Map.entry(7, 0L),
                Map.entry(8, 1L), Map.entry(9, 600L), Map.entry(10, 7_000L), Map.entry(11, 9_000L),
                Map.entry(12, 95L), Map.entry(13, 410L));
        ResultSet row = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResultSet.class}, (proxy, method, args) -> columns.get((Integer) args[0]));

        assertThat(UsageReportRepository.point(row)).isEqualTo(
                new UsageSeriesPoint(FROM, "gpt-4o", 10, 4, 2, 3, 0, 1, 600, 7_000, 9_000, 95, 410));
    }
}
