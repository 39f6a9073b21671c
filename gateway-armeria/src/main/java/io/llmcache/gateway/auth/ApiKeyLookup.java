package io.llmcache.gateway.auth;

import java.util.Optional;

/** Finds the tenant owning an active API key. Blocking: call it on the blocking executor. */
public interface ApiKeyLookup {

    Optional<Caller.Tenant> findByKeyHash(String keyHash);
}
