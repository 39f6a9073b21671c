package io.llmcache.gateway.db;

import io.llmcache.gateway.health.DependencyHealth;
import io.llmcache.gateway.health.HealthIndicator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** Runs {@code SELECT 1} on the blocking executor. */
public final class PostgresHealthIndicator implements HealthIndicator {

    private final DataSource dataSource;
    private final Executor blockingExecutor;

    public PostgresHealthIndicator(DataSource dataSource, Executor blockingExecutor) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public CompletableFuture<DependencyHealth> check() {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(2);
                try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                    rs.next();
                }
                return DependencyHealth.up("SELECT 1 answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (SQLException e) {
                return DependencyHealth.down(e.getMessage());
            }
        }, blockingExecutor);
    }
}
