package io.llmcache.gateway.usage.report;

import io.llmcache.gateway.error.ServiceUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads usage series from {@code analytics.usage_rollup_v}, the read-only view the analytics job owns. Rows of
 * one bucket and group (several keys of a model, or several models of a key) are summed; their latency
 * histograms are merged with the job's own SQL functions before the percentiles are taken, since percentiles
 * themselves cannot be added. Blocking JDBC: call from the blocking executor only.
 */
public final class UsageReportRepository {

    // undefined_table, invalid_schema_name, undefined_function: the analytics job has not migrated yet.
    private static final Set<String> NOT_READY_STATES = Set.of("42P01", "3F000", "42883");

    private final DataSource dataSource;

    public UsageReportRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The series points of {@code query}, ordered by bucket start, then group. */
    public List<UsageSeriesPoint> series(UsageReportQuery query) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql(query))) {
            select.setString(1, query.granularity().wireName());
            select.setTimestamp(2, Timestamp.from(query.from()));
            select.setTimestamp(3, Timestamp.from(query.to()));
            if (query.tenantId() != null) {
                select.setString(4, query.tenantId());
            }
            List<UsageSeriesPoint> points = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    points.add(point(rs));
                }
            }
            return points;
        } catch (SQLException e) {
            if (NOT_READY_STATES.contains(e.getSQLState())) {
                throw new ServiceUnavailableException("Analytics is not ready: the view analytics.usage_rollup_v "
                        + "does not exist yet. Start the analytics job and retry.", "analytics_not_ready", e);
            }
            throw e;
        }
    }

    /** The statement for {@code query}; the group column comes from a closed enum, never from the request. */
    static String sql(UsageReportQuery query) {
        String group = query.groupBy().column();
        return "SELECT bucket_start, " + group + ", sum(requests), sum(exact_hits), sum(semantic_hits), "
                + "sum(misses), sum(bypasses), sum(errors), sum(tokens_saved), sum(saved_cost_micros), "
                + "sum(upstream_cost_micros), "
                + "analytics.latency_quantile(analytics.latency_histogram_sum(latency_histogram), 0.5), "
                + "analytics.latency_quantile(analytics.latency_histogram_sum(latency_histogram), 0.95) "
                + "FROM analytics.usage_rollup_v WHERE granularity = ? AND bucket_start >= ? AND bucket_start < ?"
                + (query.tenantId() != null ? " AND tenant_id = ?" : "")
                + " GROUP BY bucket_start, " + group + " ORDER BY bucket_start, " + group;
    }

    /** One result row, in the column order of {@link #sql}. */
    static UsageSeriesPoint point(ResultSet rs) throws SQLException {
        return new UsageSeriesPoint(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                rs.getLong(11), rs.getLong(12), rs.getLong(13));
    }
}
