package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

/** A tenant's namespace: no entry is ever visible outside it. The empty namespace is the default one. */
public record Scope(String tenantId, String namespace) {
    public Scope {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(namespace, "namespace");
        if (tenantId.isEmpty()) {
            throw new IllegalArgumentException("tenantId must not be empty");
        }
    }
}
