package io.llmcache.cache.store.pgvector;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool and the schema migrations of the {@code cache} schema. */
public final class PostgresDataSources {
    public static final String SCHEMA = "cache";
    /** Semantic queries take milliseconds; anything far slower is a stuck server, not a slow query. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);

    private PostgresDataSources() {
    }

    /**
     * A pool that fails fast: a caller waits at most {@code timeout} for a connection, so an RPC fails
     * with UNAVAILABLE instead of hanging when PostgreSQL is down. Fails now if PostgreSQL is unreachable.
     */
    public static HikariDataSource pool(String url, String user, String password, int size, Duration timeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cache-postgres");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setValidationTimeout(Math.max(250, timeout.toMillis()));
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "10");
        config.addDataSourceProperty("ApplicationName", "llmcache-cache-server");
        config.setConnectionInitSql("SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis());
        return new HikariDataSource(config);
    }

    /** Brings the {@code cache} schema to the latest version. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/" + SCHEMA)
                .load()
                .migrate();
    }
}
