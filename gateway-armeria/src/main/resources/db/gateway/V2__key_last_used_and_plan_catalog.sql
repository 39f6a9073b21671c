-- Plans are data (plans/*.json, checked by the application), so the database no longer hard-codes their ids.
ALTER TABLE tenants DROP CONSTRAINT IF EXISTS tenants_plan_check;

-- Written in batches by the gateway, at most about once a minute per key; null until the key is first used.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
