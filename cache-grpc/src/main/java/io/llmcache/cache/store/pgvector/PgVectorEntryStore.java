package io.llmcache.cache.store.pgvector;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.CacheEntry;
import io.llmcache.cache.EntryKey;
import io.llmcache.cache.NewEntry;
import io.llmcache.cache.Scope;
import io.llmcache.cache.SemanticKey;
import io.llmcache.cache.store.EntryCounts;
import io.llmcache.cache.store.EntryStore;
import io.llmcache.cache.store.SemanticCandidate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Entries in PostgreSQL, the semantic index in pgvector (HNSW, cosine distance). */
public final class PgVectorEntryStore implements EntryStore {
    private static final String COLUMNS = "id, model, response_body, content_type, prompt_tokens, "
            + "completion_tokens, query_text, created_at, expires_at";

    private static final String UPSERT = """
            INSERT INTO cache.entries (id, tenant_id, namespace, exact_key, context_fingerprint, model, query_text,
                embedding, response_body, content_type, prompt_tokens, completion_tokens, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS vector), ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, namespace, exact_key) DO UPDATE SET
                context_fingerprint = EXCLUDED.context_fingerprint, model = EXCLUDED.model,
                query_text = EXCLUDED.query_text, embedding = EXCLUDED.embedding,
                response_body = EXCLUDED.response_body, content_type = EXCLUDED.content_type,
                prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
                created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            RETURNING id
            """;

    private static final String FIND_EXACT = "SELECT " + COLUMNS + " FROM cache.entries "
            + "WHERE tenant_id = ? AND namespace = ? AND exact_key = ? AND expires_at > ?";

    // The inner query may come back slightly out of order under relaxed_order; the outer ORDER BY fixes it.
    private static final String NEAREST = "SELECT " + COLUMNS + ", distance FROM ("
            + " SELECT " + COLUMNS + ", embedding <=> CAST(? AS vector) AS distance FROM cache.entries"
            + " WHERE tenant_id = ? AND namespace = ? AND context_fingerprint = ? AND embedding IS NOT NULL"
            + " AND expires_at > ? AND created_at >= ?"
            + " ORDER BY distance LIMIT ?) candidates ORDER BY distance";

    private static final String RECORD_HIT =
            "UPDATE cache.entries SET hit_count = hit_count + ?, last_hit_at = GREATEST(last_hit_at, ?) WHERE id = ?";

    private final DataSource dataSource;

    public PgVectorEntryStore(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
    }

    @Override
    public CacheEntry upsert(NewEntry entry, float[] embedding, Instant now) {
        Instant expiresAt = now.plus(entry.ttl());
        UUID id = inConnection("store entry", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                statement.setObject(1, UUID.randomUUID());
                statement.setString(2, entry.scope().tenantId());
                statement.setString(3, entry.scope().namespace());
                statement.setString(4, entry.exactKey());
                statement.setString(5, entry.semanticKey().map(SemanticKey::contextFingerprint).orElse(null));
                statement.setString(6, entry.model());
                statement.setString(7, entry.semanticKey().map(SemanticKey::text).orElse(""));
                if (embedding == null) {
                    statement.setNull(8, Types.VARCHAR);
                } else {
                    statement.setString(8, vectorLiteral(embedding));
                }
                statement.setBytes(9, entry.responseBody());
                statement.setString(10, entry.contentType());
                statement.setLong(11, entry.promptTokens());
                statement.setLong(12, entry.completionTokens());
                statement.setObject(13, timestamp(now));
                statement.setObject(14, timestamp(expiresAt));
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getObject(1, UUID.class);
                }
            }
        });
        return new CacheEntry(id, entry.model(), entry.responseBody(), entry.contentType(), entry.promptTokens(),
                entry.completionTokens(), entry.semanticKey().map(SemanticKey::text).orElse(""), now, expiresAt);
    }

    @Override
    public Optional<CacheEntry> findExact(EntryKey key, Instant now) {
        return inConnection("find exact entry", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(FIND_EXACT)) {
                statement.setString(1, key.scope().tenantId());
                statement.setString(2, key.scope().namespace());
                statement.setString(3, key.exactKey());
                statement.setObject(4, timestamp(now));
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<SemanticCandidate> nearest(Scope scope, SemanticKey key, float[] embedding, Instant now,
                                           Instant notBefore, int limit) {
        return inConnection("semantic search", connection -> {
            // The pool rolls back and restores auto-commit if this fails half-way.
            connection.setAutoCommit(false);
            try (Statement settings = connection.createStatement()) {
                // Without iterative scans the HNSW index returns ef_search rows before filtering, and
                // a tenant's neighbours hidden behind other tenants' rows would be lost.
                settings.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            }
            List<SemanticCandidate> candidates = new ArrayList<>(limit);
            try (PreparedStatement statement = connection.prepareStatement(NEAREST)) {
                statement.setString(1, vectorLiteral(embedding));
                statement.setString(2, scope.tenantId());
                statement.setString(3, scope.namespace());
                statement.setString(4, key.contextFingerprint());
                statement.setObject(5, timestamp(now));
                statement.setObject(6, timestamp(notBefore));
                statement.setInt(7, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        candidates.add(new SemanticCandidate(entry(rows), 1.0 - rows.getDouble("distance")));
                    }
                }
            }
            connection.commit();
            return candidates;
        });
    }

    @Override
    public void recordHits(Map<UUID, Long> hitsById, Instant at) {
        if (hitsById.isEmpty()) {
            return;
        }
        inConnection("record hits", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECORD_HIT)) {
                for (Map.Entry<UUID, Long> hit : hitsById.entrySet()) {
                    statement.setLong(1, hit.getValue());
                    statement.setObject(2, timestamp(at));
                    statement.setObject(3, hit.getKey());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<EntryKey> deleteById(String tenantId, UUID id) {
        return delete("invalidate entry", "DELETE FROM cache.entries WHERE tenant_id = ? AND id = ?"
                + " RETURNING tenant_id, namespace, exact_key", statement -> {
                    statement.setString(1, tenantId);
                    statement.setObject(2, id);
                });
    }

    @Override
    public List<EntryKey> deleteByExactKey(EntryKey key) {
        return delete("invalidate exact key", "DELETE FROM cache.entries WHERE tenant_id = ? AND namespace = ?"
                + " AND exact_key = ? RETURNING tenant_id, namespace, exact_key", statement -> {
                    statement.setString(1, key.scope().tenantId());
                    statement.setString(2, key.scope().namespace());
                    statement.setString(3, key.exactKey());
                });
    }

    @Override
    public List<EntryKey> deleteNamespace(Scope scope) {
        return delete("invalidate namespace", "DELETE FROM cache.entries WHERE tenant_id = ? AND namespace = ?"
                + " RETURNING tenant_id, namespace, exact_key", statement -> {
                    statement.setString(1, scope.tenantId());
                    statement.setString(2, scope.namespace());
                });
    }

    @Override
    public EntryCounts count(String tenantId, Optional<String> namespace, Instant now) {
        String sql = "SELECT count(*), count(embedding) FROM cache.entries WHERE tenant_id = ? AND expires_at > ?"
                + (namespace.isPresent() ? " AND namespace = ?" : "");
        return inConnection("count entries", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, tenantId);
                statement.setObject(2, timestamp(now));
                if (namespace.isPresent()) {
                    statement.setString(3, namespace.get());
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return new EntryCounts(rows.getLong(1), rows.getLong(2));
                }
            }
        });
    }

    @Override
    public int deleteExpired(Instant now, int limit) {
        return inConnection("delete expired entries", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM cache.entries WHERE id IN"
                    + " (SELECT id FROM cache.entries WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)")) {
                statement.setObject(1, timestamp(now));
                statement.setInt(2, limit);
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public void ping() {
        inConnection("ping", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            return null;
        });
    }

    private List<EntryKey> delete(String operation, String sql, StatementBinder binder) {
        return inConnection(operation, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                List<EntryKey> removed = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        removed.add(new EntryKey(new Scope(rows.getString(1), rows.getString(2)), rows.getString(3)));
                    }
                }
                return removed;
            }
        });
    }

    private <T> T inConnection(String operation, ConnectionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw SqlFailures.translate(operation, e);
        }
    }

    private static CacheEntry entry(ResultSet row) throws SQLException {
        return new CacheEntry(
                row.getObject("id", UUID.class),
                row.getString("model"),
                row.getBytes("response_body"),
                row.getString("content_type"),
                row.getLong("prompt_tokens"),
                row.getLong("completion_tokens"),
                row.getString("query_text"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("expires_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** pgvector's text form, {@code [x1,x2,...]}; the JDBC driver knows no vector type. */
    static String vectorLiteral(float[] vector) {
        StringBuilder literal = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append(vector[i]);
        }
        return literal.append(']').toString();
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface StatementBinder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
