package io.llmcache.analytics.store;

import io.llmcache.analytics.rollup.RollupKey;
import io.llmcache.analytics.rollup.UsageCounts;
import io.llmcache.analytics.rollup.UsageRollup;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The JDBC upsert sink of {@code analytics.usage_rollup}. Rows carry absolute totals, so an
 * at-least-once sink is enough: a replayed write rewrites the same numbers.
 *
 * <p>The {@code WHERE} guard keeps a row from going backwards: after a restore from an older
 * checkpoint the job re-emits totals that are briefly smaller than what it had already written,
 * and {@code /api/stats} (which sums the minute rows through {@code analytics.usage_minute_v})
 * must not see the count dip. Every event adds one request, so equal requests means equal totals.
 */
public final class UsageRollupSink {
  static final String UPSERT = """
      INSERT INTO analytics.usage_rollup (granularity, bucket_start, tenant_id, model, api_key_id,
          requests, exact_hits, semantic_hits, misses, bypasses, errors,
          prompt_tokens, completion_tokens, tokens_saved,
          upstream_cost_micros, saved_cost_micros,
          latency_histogram, latency_p50_ms, latency_p95_ms, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
      ON CONFLICT (granularity, bucket_start, tenant_id, model, api_key_id) DO UPDATE SET
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
          latency_histogram = EXCLUDED.latency_histogram,
          latency_p50_ms = EXCLUDED.latency_p50_ms,
          latency_p95_ms = EXCLUDED.latency_p95_ms,
          updated_at = EXCLUDED.updated_at
      WHERE analytics.usage_rollup.requests <= EXCLUDED.requests""";

  private UsageRollupSink() {}

  /** A sink that flushes at least every {@code batchInterval}. */
  public static JdbcSink<UsageRollup> create(PostgresSettings postgres, Duration batchInterval) {
    return JdbcSink.<UsageRollup>builder()
        .withQueryStatement(UPSERT, UsageRollupSink::bind)
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

  static void bind(PreparedStatement ps, UsageRollup row) throws SQLException {
    RollupKey key = row.key();
    UsageCounts c = row.counts();
    ps.setString(1, key.granularity().sqlName());
    ps.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(key.bucketStartMillis()), ZoneOffset.UTC));
    ps.setString(3, key.tenantId());
    ps.setString(4, key.model());
    ps.setString(5, key.apiKeyId());
    ps.setLong(6, c.requests());
    ps.setLong(7, c.exactHits());
    ps.setLong(8, c.semanticHits());
    ps.setLong(9, c.misses());
    ps.setLong(10, c.bypasses());
    ps.setLong(11, c.errors());
    ps.setLong(12, c.promptTokens());
    ps.setLong(13, c.completionTokens());
    ps.setLong(14, c.tokensSaved());
    ps.setLong(15, c.upstreamCostMicros());
    ps.setLong(16, c.savedCostMicros());
    ps.setArray(17, ps.getConnection().createArrayOf("bigint",
        Arrays.stream(row.latencyHistogram()).boxed().toArray(Long[]::new)));
    ps.setLong(18, row.latencyP50Ms());
    ps.setLong(19, row.latencyP95Ms());
  }
}
