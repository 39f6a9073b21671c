package io.llmcache.gateway.tenant;

import com.linecorp.armeria.common.annotation.Nullable;
import io.llmcache.gateway.auth.ApiKeyLookup;
import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.auth.LastUsedStore;
import io.llmcache.gateway.error.ServiceUnavailableException;
import io.llmcache.gateway.plan.Plan;
import io.llmcache.gateway.plan.PlanCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** Tenants and API keys in schema {@code gateway}. Blocking JDBC: call from the blocking executor only. */
public final class TenantRepository implements ApiKeyLookup, LastUsedStore {

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

    public boolean tenantExists(String tenantId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT 1 FROM gateway.tenants WHERE id = ?")) {
            select.setString(1, tenantId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Stores a key unless the tenant is missing or already holds its plan's maximum of active keys.
     * The tenant row stays locked from the count to the commit, so concurrent creations for one tenant
     * queue behind each other and can never exceed the limit together.
     */
    public KeyInsert insertKeyWithinLimit(String tenantId, StoredKey key, PlanCatalog plans) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                KeyInsert outcome = insertKeyLocked(connection, tenantId, key, plans);
                if (outcome instanceof KeyInsert.Inserted) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return outcome;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static KeyInsert insertKeyLocked(Connection connection, String tenantId, StoredKey key,
                                             PlanCatalog plans) throws SQLException {
        Plan plan;
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT plan FROM gateway.tenants WHERE id = ? FOR UPDATE")) {
            lock.setString(1, tenantId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return new KeyInsert.NoSuchTenant();
                }
                plan = plans.get(rs.getString("plan"));
            }
        }
        int active;
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM gateway.api_keys WHERE tenant_id = ? AND revoked_at IS NULL")) {
            count.setString(1, tenantId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                active = rs.getInt(1);
            }
        }
        if (active >= plan.maxKeys()) {
            return new KeyInsert.LimitReached(plan, active);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gateway.api_keys (id, tenant_id, name, prefix, key_hash, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.id());
            insert.setString(2, tenantId);
            insert.setString(3, key.name());
            insert.setString(4, key.prefix());
            insert.setString(5, key.keyHash());
            insert.setTimestamp(6, Timestamp.from(key.createdAt()));
            insert.executeUpdate();
        }
        return new KeyInsert.Inserted();
    }

    /** Every key of a tenant, revoked ones included, oldest first; empty for an unknown tenant. */
    public List<KeyView> listKeys(String tenantId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM gateway.api_keys "
                             + "WHERE tenant_id = ? ORDER BY created_at, id")) {
            select.setString(1, tenantId);
            try (ResultSet rs = select.executeQuery()) {
                List<KeyView> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(new KeyView(rs.getString("id"), rs.getString("name"), rs.getString("prefix"),
                            instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at")));
                }
                return keys;
            }
        }
    }

    /**
     * Revokes a tenant's key, keeping the first revocation time when it is already revoked.
     * Returns the key's hash, or empty when the tenant has no key with this id.
     */
    public Optional<String> revokeKey(String tenantId, String keyId, Instant revokedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE gateway.api_keys SET revoked_at = COALESCE(revoked_at, ?) "
                             + "WHERE id = ? AND tenant_id = ? RETURNING key_hash")) {
            update.setTimestamp(1, Timestamp.from(revokedAt));
            update.setString(2, keyId);
            update.setString(3, tenantId);
            try (ResultSet rs = update.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString("key_hash")) : Optional.empty();
            }
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

    @Override
    public void markUsed(Map<String, Instant> lastUsedByKeyId) throws SQLException {
        if (lastUsedByKeyId.isEmpty()) {
            return;
        }
        String[] ids = new String[lastUsedByKeyId.size()];
        String[] times = new String[ids.length];
        int i = 0;
        for (Map.Entry<String, Instant> entry : lastUsedByKeyId.entrySet()) {
            ids[i] = entry.getKey();
            times[i] = entry.getValue().toString();
            i++;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE gateway.api_keys AS k SET last_used_at = u.used_at::timestamptz "
                             + "FROM unnest(?::text[], ?::text[]) AS u(id, used_at) "
                             + "WHERE k.id = u.id AND (k.last_used_at IS NULL "
                             + "OR k.last_used_at < u.used_at::timestamptz)")) {
            update.setArray(1, connection.createArrayOf("text", ids));
            update.setArray(2, connection.createArrayOf("text", times));
            update.executeUpdate();
        }
    }

    @Nullable
    private static String instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant().toString();
    }

    /** An API key row as stored: the hash, never the key. */
    public record StoredKey(String id, String name, String prefix, String keyHash, Instant createdAt) {
    }
}
