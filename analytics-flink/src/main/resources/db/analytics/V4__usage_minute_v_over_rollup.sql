-- analytics.usage_minute_v now reads the minute rows of analytics.usage_rollup summed over API
-- keys, which are exactly the numbers the old per-minute pipeline wrote to analytics.usage_minute.
-- The view's columns and types are a contract with the gateway and must stay as they are
-- (CREATE OR REPLACE fails if a column's name or type would change).
CREATE OR REPLACE VIEW analytics.usage_minute_v AS
SELECT tenant_id,
       model,
       bucket_start                     AS minute,
       sum(requests)::bigint             AS requests,
       sum(exact_hits)::bigint           AS exact_hits,
       sum(semantic_hits)::bigint        AS semantic_hits,
       sum(misses)::bigint               AS misses,
       sum(bypasses)::bigint             AS bypasses,
       sum(errors)::bigint               AS errors,
       sum(prompt_tokens)::bigint        AS prompt_tokens,
       sum(completion_tokens)::bigint    AS completion_tokens,
       sum(tokens_saved)::bigint         AS tokens_saved,
       sum(upstream_cost_micros)::bigint AS upstream_cost_micros,
       sum(saved_cost_micros)::bigint    AS saved_cost_micros,
       max(updated_at)                   AS updated_at
FROM analytics.usage_rollup
WHERE granularity = 'minute'
GROUP BY tenant_id, model, bucket_start;

-- No longer written by the job; nothing depends on it once the view above is replaced.
DROP TABLE analytics.usage_minute;
