package io.llmcache.gateway.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmcache.gateway.GatewayConfig;
import org.flywaydb.core.Flyway;

/** The gateway's connection pool, with schema {@code gateway} migrated before first use. */
public final class Database {

    private Database() {
    }

    /** Opens the pool and applies pending migrations from {@code db/gateway}; fails if PostgreSQL is down. */
    public static HikariDataSource openAndMigrate(GatewayConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("gateway-pg");
        hikari.setJdbcUrl(config.postgresUrl());
        hikari.setUsername(config.postgresUser());
        hikari.setPassword(config.postgresPassword());
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        // Fail fast when PostgreSQL is unreachable: requests get an error, health reports it, nothing piles up.
        hikari.setConnectionTimeout(2_000);
        hikari.setValidationTimeout(1_000);
        hikari.setInitializationFailTimeout(5_000);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas("gateway")
                    .locations("classpath:db/gateway")
                    .createSchemas(true)
                    .load()
                    .migrate();
            return dataSource;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }
}
