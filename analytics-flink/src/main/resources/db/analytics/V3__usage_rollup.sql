-- Usage rollups per minute, hour, day and month (UTC buckets) per tenant × model × API key,
-- written by the Flink job as absolute totals (upserted, so replays rewrite, never add).
CREATE TABLE analytics.usage_rollup (
    granularity          text        NOT NULL CHECK (granularity IN ('minute', 'hour', 'day', 'month')),
    bucket_start         timestamptz NOT NULL,
    tenant_id            text        NOT NULL,
    model                text        NOT NULL,
    -- '' when the event carried no key.
    api_key_id           text        NOT NULL,
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
    -- Counts per log-scale latency bucket: element 1 = 0 ms, element i >= 2 = [1.08^(i-2), 1.08^(i-1)) ms.
    latency_histogram    bigint[]    NOT NULL,
    latency_p50_ms       bigint      NOT NULL,
    latency_p95_ms       bigint      NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (granularity, bucket_start, tenant_id, model, api_key_id)
);

-- Reports read one tenant's range of one granularity.
CREATE INDEX usage_rollup_tenant_idx ON analytics.usage_rollup (tenant_id, granularity, bucket_start);

-- The read-only contract for the gateway's GET /api/usage; never the table.
CREATE VIEW analytics.usage_rollup_v AS
SELECT granularity, bucket_start, tenant_id, model, api_key_id,
       requests, exact_hits, semantic_hits, misses, bypasses, errors,
       prompt_tokens, completion_tokens, tokens_saved,
       upstream_cost_micros, saved_cost_micros,
       latency_histogram, latency_p50_ms, latency_p95_ms, updated_at
FROM analytics.usage_rollup;

-- Element-wise sum of two latency histograms (missing elements count as 0).
CREATE FUNCTION analytics.latency_histogram_add(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) ORDER BY i), '{}')
    FROM generate_series(1, greatest(coalesce(array_length(a, 1), 0), coalesce(array_length(b, 1), 0))) AS i
$$;

-- Merges the histograms of several rows, e.g. all API keys of one model in one bucket.
CREATE AGGREGATE analytics.latency_histogram_sum(bigint[]) (
    SFUNC = analytics.latency_histogram_add,
    STYPE = bigint[],
    INITCOND = '{}'
);

-- The q-quantile in ms of a merged histogram; the same rule as the job's LatencyHistogram.quantile:
-- the geometric middle of the first bucket whose cumulative count reaches ceil(q * total), 0 if empty.
CREATE FUNCTION analytics.latency_quantile(h bigint[], q double precision) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce((
        SELECT CASE WHEN c.i = 1 THEN 0 ELSE round(power(1.08::double precision, c.i - 2 + 0.5))::bigint END
        FROM (SELECT i, sum(h[i]) OVER (ORDER BY i) AS cumulative, sum(h[i]) OVER () AS total
              FROM generate_series(1, coalesce(array_length(h, 1), 0)) AS i) AS c
        WHERE c.total > 0 AND c.cumulative >= ceil(q * c.total)
        ORDER BY c.i
        LIMIT 1), 0)
$$;
