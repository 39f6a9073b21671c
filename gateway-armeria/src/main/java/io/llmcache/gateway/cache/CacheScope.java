package io.llmcache.gateway.cache;

import java.util.Objects;

/** Where an entry lives: entries are never visible outside their tenant and namespace. */
public record CacheScope(String tenantId, String namespace) {

    public CacheScope {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(namespace, "namespace");
    }
}
