package io.llmcache.cache.store.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.llmcache.cache.CacheEntry;
import io.llmcache.cache.CacheServerConfig;
import io.llmcache.cache.EntryKey;
import io.llmcache.cache.NewEntry;
import io.llmcache.cache.Scope;
import io.llmcache.cache.stats.HitRecorder;
import io.llmcache.cache.store.ExpirySweeper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hit counters and the expiry sweep against the real PostgreSQL. */
class PgVectorEntryStoreIT {
    private static HikariDataSource dataSource;
    private static PgVectorEntryStore store;

    @BeforeAll
    static void connect() {
        CacheServerConfig config = CacheServerConfig.fromEnv(System.getenv());
        dataSource = PostgresDataSources.pool(config.postgresUrl(), config.postgresUser(),
                config.postgresPassword(), 2, Duration.ofSeconds(2));
        PostgresDataSources.migrate(dataSource);
        store = new PgVectorEntryStore(dataSource);
    }

    @AfterAll
    static void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Test
    void servedHitsAreCountedOnTheRow() throws SQLException {
        Instant now = Instant.now();
        CacheEntry entry = store.upsert(newEntry(Duration.ofHours(1)), null, now);
        HitRecorder recorder = new HitRecorder(store, Clock.fixed(now, ZoneOffset.UTC));

        recorder.record(entry.id());
        recorder.record(entry.id());
        recorder.flush();
        recorder.flush();

        assertThat(hitCount(entry.id())).isEqualTo(2);
    }

    @Test
    void sweepDeletesOnlyExpiredRows() {
        // Stored an hour ago, so the sweep (on real time) touches no other test's live rows in this database.
        Instant now = Instant.now();
        NewEntry shortLived = newEntry(Duration.ofSeconds(10));
        NewEntry longLived = newEntry(Duration.ofDays(1));
        store.upsert(shortLived, null, now.minus(Duration.ofHours(1)));
        store.upsert(longLived, null, now.minus(Duration.ofHours(1)));

        new ExpirySweeper(store, Clock.fixed(now, ZoneOffset.UTC)).sweep();

        assertThat(store.deleteByExactKey(new EntryKey(shortLived.scope(), shortLived.exactKey()))).isEmpty();
        assertThat(store.findExact(new EntryKey(longLived.scope(), longLived.exactKey()), now)).isPresent();
    }

    private static NewEntry newEntry(Duration ttl) {
        return new NewEntry(new Scope("it-" + UUID.randomUUID(), ""), UUID.randomUUID().toString(), Optional.empty(),
                false, "model", "{}".getBytes(StandardCharsets.UTF_8), "application/json", 1, 2, ttl);
    }

    private static long hitCount(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT hit_count FROM cache.entries WHERE id = ?")) {
            statement.setObject(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
