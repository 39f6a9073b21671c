-- Per-minute usage rollups written by the Flink job (absolute totals, upserted).
CREATE TABLE analytics.usage_minute (
    tenant_id            text        NOT NULL,
    model                text        NOT NULL,
    minute               timestamptz NOT NULL,
    requests             bigint      NOT NULL,
    exact_hits           bigint      NOT NULL,
    semantic_hits        bigint      NOT NULL,
    misses               bigint      NOT NULL,
    bypasses             bigint      NOT NULL,
    errors               bigint      NOT NULL,
    prompt_tokens        bigint      NOT NULL,
    completion_tokens    bigint      NOT NULL,
    tokens_saved         bigint      NOT NULL,
    upstream_cost_micros bigint      NOT NULL,
    saved_cost_micros    bigint      NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, model, minute)
);

-- Admin queries over all tenants filter by time only.
CREATE INDEX usage_minute_minute_idx ON analytics.usage_minute (minute);

-- The read-only contract other modules (gateway /api/stats, billing) use; never the table.
CREATE VIEW analytics.usage_minute_v AS
SELECT tenant_id, model, minute,
       requests, exact_hits, semantic_hits, misses, bypasses, errors,
       prompt_tokens, completion_tokens, tokens_saved,
       upstream_cost_micros, saved_cost_micros, updated_at
FROM analytics.usage_minute;
