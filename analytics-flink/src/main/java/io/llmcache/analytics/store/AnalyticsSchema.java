package io.llmcache.analytics.store;

import org.flywaydb.core.Flyway;

/** Migrates the {@code analytics} schema; run once at start-up, before the job is submitted. */
public final class AnalyticsSchema {
  private AnalyticsSchema() {}

  /** Applies pending migrations from {@code classpath:db/analytics}. */
  public static void migrate(PostgresSettings postgres) {
    Flyway.configure()
        .dataSource(postgres.url(), postgres.user(), postgres.password())
        .schemas("analytics")
        .locations("classpath:db/analytics")
        .createSchemas(true)
        .load()
        .migrate();
  }
}
