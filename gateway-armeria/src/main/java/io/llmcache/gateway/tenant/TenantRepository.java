package io.llmcache.gateway.tenant;

import io.llmcache.gateway.auth.ApiKeyLookup;
import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.error.ServiceUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** Tenants and API keys in schema {@code gateway}. Blocking JDBC: call from the blocking executor only. */
public final class TenantRepository implements ApiKeyLookup {

    private final DataSource dataSource;

    public TenantRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public void insertTenant(Tenant tenant) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO gateway.tenants (id, name, plan, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, tenant.id());
            insert.setString(2, tenant.name());
            insert.setString(3, tenant.plan());
            insert.setTimestamp(4, Timestamp.from(Instant.parse(tenant.createdAt())));
            insert.executeUpdate();
        }
    }

    /**
     * Stores a key for an existing tenant; returns false, storing nothing, when the tenant does not exist.
     */
    public boolean insertKey(String tenantId, StoredKey key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO gateway.api_keys (id, tenant_id, name, prefix, key_hash, created_at) "
                             + "SELECT ?, id, ?, ?, ?, ? FROM gateway.tenants WHERE id = ?")) {
            insert.setString(1, key.id());
            insert.setString(2, key.name());
            insert.setString(3, key.prefix());
            insert.setString(4, key.keyHash());
            insert.setTimestamp(5, Timestamp.from(key.createdAt()));
            insert.setString(6, tenantId);
            return insert.executeUpdate() == 1;
        }
    }

    @Override
    public Optional<Caller.Tenant> findByKeyHash(String keyHash) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, tenant_id FROM gateway.api_keys WHERE key_hash = ? AND revoked_at IS NULL")) {
            select.setString(1, keyHash);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Caller.Tenant(rs.getString("tenant_id"), rs.getString("id")))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ServiceUnavailableException("API key lookup failed: " + e.getMessage(), "database_unavailable", e);
        }
    }

    /** An API key row as stored: the hash, never the key. */
    public record StoredKey(String id, String name, String prefix, String keyHash, Instant createdAt) {
    }
}
