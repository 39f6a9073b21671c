package io.llmcache.cache.store.pgvector;

import io.llmcache.cache.CacheException;
import io.llmcache.cache.DependencyUnavailableException;
import io.llmcache.cache.StorageFailureException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Translates JDBC failures: connection trouble and timeouts are retriable, the rest are bugs. */
final class SqlFailures {
    private SqlFailures() {
    }

    static CacheException translate(String operation, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // 08xxx: connection exceptions; 57P0x: server shutting down or not accepting; 57014: statement timeout.
        boolean retriable = e instanceof SQLTransientConnectionException
                || state.startsWith("08") || state.startsWith("57P0") || state.equals("57014");
        return retriable
                ? new DependencyUnavailableException("PostgreSQL", operation, e)
                : new StorageFailureException("PostgreSQL", operation, e);
    }
}
