-- Durable cache entries and their semantic index (schema "cache", owned by cache-grpc).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE entries (
    id                  uuid PRIMARY KEY,
    tenant_id           text        NOT NULL,
    namespace           text        NOT NULL,
    exact_key           text        NOT NULL,
    -- NULL when the request had no semantic key.
    context_fingerprint text,
    model               text        NOT NULL,
    query_text          text        NOT NULL DEFAULT '',
    -- NULL when the entry is not in the semantic index (stored with mode EXACT, or no semantic key).
    embedding           vector(384),
    response_body       bytea       NOT NULL,
    content_type        text        NOT NULL,
    prompt_tokens       bigint      NOT NULL DEFAULT 0,
    completion_tokens   bigint      NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    hit_count           bigint      NOT NULL DEFAULT 0,
    last_hit_at         timestamptz,
    CONSTRAINT entries_exact_key_uq UNIQUE (tenant_id, namespace, exact_key)
);

-- Semantic search: filtered by tenant, namespace and fingerprint with pgvector 0.8 iterative scans.
CREATE INDEX entries_embedding_hnsw ON entries USING hnsw (embedding vector_cosine_ops);
CREATE INDEX entries_context_idx ON entries (tenant_id, namespace, context_fingerprint);
-- The expiry sweeper deletes in expires_at order.
CREATE INDEX entries_expires_idx ON entries (expires_at);
