package io.llmcache.gateway.usage.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * The {@code GET /api/usage} body. Dollars are exact decimals converted from micro-dollars; {@code hit_rate}
 * is (exact + semantic hits) / requests rounded to 4 places, 0 when there were no requests.
 */
public record UsageReport(UsageReportQuery query, List<UsageSeriesPoint> series) {

    public UsageReport {
        Objects.requireNonNull(query, "query");
        series = List.copyOf(series);
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("granularity", query.granularity().wireName());
        root.put("from", query.from().toString());
        root.put("to", query.to().toString());
        root.put("group_by", query.groupBy().wireName());
        ArrayNode points = root.putArray("series");
        for (UsageSeriesPoint p : series) {
            ObjectNode point = points.addObject();
            point.put("bucket_start", p.bucketStart().toString());
            point.put(query.groupBy().column(), p.group());
            point.put("requests", p.requests());
            point.put("exact_hits", p.exactHits());
            point.put("semantic_hits", p.semanticHits());
            point.put("misses", p.misses());
            point.put("bypasses", p.bypasses());
            point.put("errors", p.errors());
            point.put("hit_rate", hitRate(p));
            point.put("tokens_saved", p.tokensSaved());
            point.put("cost_saved_usd", usd(p.savedCostMicros()));
            point.put("upstream_cost_usd", usd(p.upstreamCostMicros()));
            point.put("latency_p50_ms", p.latencyP50Ms());
            point.put("latency_p95_ms", p.latencyP95Ms());
        }
        return root;
    }

    private static BigDecimal hitRate(UsageSeriesPoint p) {
        return p.requests() == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(p.exactHits() + p.semanticHits())
                        .divide(BigDecimal.valueOf(p.requests()), 4, RoundingMode.HALF_UP)
                        .stripTrailingZeros();
    }

    private static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }
}
