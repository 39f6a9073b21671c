package io.llmcache.gateway.tenant;

import com.linecorp.armeria.common.annotation.Nullable;

/** An API key as listed: identity and timestamps (ISO-8601 UTC), never the key or its hash. */
public record KeyView(String id, String name, String prefix, String createdAt, @Nullable String lastUsedAt,
                     @Nullable String revokedAt) {
}
