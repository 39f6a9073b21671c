-- Tenants and their API keys. Keys are stored only as SHA-256 hashes; the prefix is for display.
CREATE TABLE tenants (
    id         text PRIMARY KEY,
    name       text        NOT NULL,
    plan       text        NOT NULL CHECK (plan IN ('free', 'startup', 'business', 'enterprise')),
    created_at timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id         text PRIMARY KEY,
    tenant_id  text        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    prefix     text        NOT NULL,
    key_hash   text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);
