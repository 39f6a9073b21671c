package io.llmcache.gateway.auth;

import java.util.Objects;

/** Who sent the request, as proven by its Bearer credential. */
public sealed interface Caller {

    /** The operator, authenticated by the admin token: may manage tenants and read every tenant's stats. */
    record Admin() implements Caller {
    }

    /** A tenant, authenticated by one of its API keys. */
    record Tenant(String tenantId, String apiKeyId) implements Caller {
        public Tenant {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(apiKeyId, "apiKeyId");
        }
    }
}
