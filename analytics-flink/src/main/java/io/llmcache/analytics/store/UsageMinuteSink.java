package io.llmcache.analytics.store;

import io.llmcache.analytics.rollup.UsageMinute;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The JDBC upsert sink of {@code analytics.usage_minute}. Rows carry absolute totals, so an
 * at-least-once sink is enough: a replayed write rewrites the same numbers.
 *
 * <p>The {@code WHERE} guard keeps a row from going backwards: after a restore from an older
 * checkpoint the job re-emits totals that are briefly smaller than what it had already written,
 * and {@code /api/stats} must not see the count dip. Every event adds one request, so equal
 * requests means equal totals.
 */
public final class UsageMinuteSink {
  static final String UPSERT = """
      INSERT INTO analytics.usage_minute (tenant_id, model, minute,
          requests, exact_hits, semantic_hits, misses, bypasses, errors,
          prompt_tokens, completion_tokens, tokens_saved,
          upstream_cost_micros, saved_cost_micros, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
      ON CONFLICT (tenant_id, model, minute) DO UPDATE SET
          requests = EXCLUDED.requests,
          exact_hits = EXCLUDED.exact_hits,
          semantic_hits = EXCLUDED.semantic_hits,
          misses = EXCLUDED.misses,
          bypasses = EXCLUDED.bypasses,
          errors = EXCLUDED.errors,
          prompt_tokens = EXCLUDED.prompt_tokens,
          completion_tokens = EXCLUDED.completion_tokens,
          tokens_saved = EXCLUDED.tokens_saved,
          upstream_cost_micros = EXCLUDED.upstream_cost_micros,
          saved_cost_micros = EXCLUDED.saved_cost_micros,
          updated_at = EXCLUDED.updated_at
      WHERE analytics.usage_minute.requests <= EXCLUDED.requests""";

  private UsageMinuteSink() {}

  /** A sink that flushes at least every {@code batchInterval}. */
  public static JdbcSink<UsageMinute> create(PostgresSettings postgres, Duration batchInterval) {
    return JdbcSink.<UsageMinute>builder()
        .withQueryStatement(UPSERT, UsageMinuteSink::bind)
        .withExecutionOptions(JdbcExecutionOptions.builder()
            .withBatchIntervalMs(batchInterval.toMillis())
            .withBatchSize(500)
            .withMaxRetries(3)
            .build())
        .buildAtLeastOnce(new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
            .withUrl(postgres.url())
            .withDriverName("org.postgresql.Driver")
            .withUsername(postgres.user())
            .withPassword(postgres.password())
            .build());
  }

  static void bind(PreparedStatement ps, UsageMinute row) throws SQLException {
    ps.setString(1, row.tenantId());
    ps.setString(2, row.model());
    ps.setObject(3, OffsetDateTime.ofInstant(Instant.ofEpochMilli(row.minuteStartMillis()), ZoneOffset.UTC));
    ps.setLong(4, row.requests());
    ps.setLong(5, row.exactHits());
    ps.setLong(6, row.semanticHits());
    ps.setLong(7, row.misses());
    ps.setLong(8, row.bypasses());
    ps.setLong(9, row.errors());
    ps.setLong(10, row.promptTokens());
    ps.setLong(11, row.completionTokens());
    ps.setLong(12, row.tokensSaved());
    ps.setLong(13, row.upstreamCostMicros());
    ps.setLong(14, row.savedCostMicros());
  }
}
