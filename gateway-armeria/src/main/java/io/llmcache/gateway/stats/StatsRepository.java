package io.llmcache.gateway.stats;

import com.linecorp.armeria.common.annotation.Nullable;
import io.llmcache.gateway.error.ServiceUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Reads totals from {@code analytics.usage_minute_v}, the read-only view the analytics job owns.
 * Blocking JDBC: call from the blocking executor only.
 */
public final class StatsRepository {

    private static final String TOTALS = "SELECT coalesce(sum(requests), 0), coalesce(sum(exact_hits), 0), "
            + "coalesce(sum(semantic_hits), 0), coalesce(sum(misses), 0), coalesce(sum(bypasses), 0), "
            + "coalesce(sum(errors), 0), coalesce(sum(tokens_saved), 0), coalesce(sum(saved_cost_micros), 0), "
            + "coalesce(sum(upstream_cost_micros), 0) FROM analytics.usage_minute_v";
    // SQLSTATE 42P01 undefined_table and 3F000 invalid_schema_name: the analytics job has not created it yet.
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_SCHEMA = "3F000";

    private final DataSource dataSource;

    public StatsRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Totals for one tenant, or all tenants when {@code tenantId} is null.
     *
     * @throws ServiceUnavailableException when the view does not exist yet: zeros would be a lie
     */
    public UsageTotals totals(@Nullable String tenantId) throws SQLException {
        String sql = tenantId == null ? TOTALS : TOTALS + " WHERE tenant_id = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            if (tenantId != null) {
                select.setString(1, tenantId);
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new UsageTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9));
            }
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState()) || UNDEFINED_SCHEMA.equals(e.getSQLState())) {
                throw new ServiceUnavailableException("Analytics is not ready: the view analytics.usage_minute_v "
                        + "does not exist yet. Start the analytics job and retry.", "analytics_not_ready", e);
            }
            throw e;
        }
    }
}
