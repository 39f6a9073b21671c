package io.llmcache.cache.redis;

import io.llmcache.cache.EntryKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Redis key layout. Tenant ids and namespaces are percent-encoded, so a ':' inside them cannot make
 * two scopes share a key; the tenant is a hash tag, so one tenant's keys share a Redis Cluster slot.
 */
public final class RedisKeys {
    private static final String PREFIX = "llmcache:v1:";

    private RedisKeys() {
    }

    /** {@code llmcache:v1:exact:{tenant}:namespace:exactKey} */
    public static String exact(EntryKey key) {
        return PREFIX + "exact:" + tenantTag(key.scope().tenantId()) + ':' + encode(key.scope().namespace())
                + ':' + key.exactKey();
    }

    /** The lookup counters of a whole tenant. */
    public static String tenantStats(String tenantId) {
        return PREFIX + "stats:" + tenantTag(tenantId);
    }

    /** The lookup counters of one namespace; same slot as the tenant's, so both update in one script. */
    public static String namespaceStats(String tenantId, String namespace) {
        return tenantStats(tenantId) + ":ns:" + encode(namespace);
    }

    private static String tenantTag(String tenantId) {
        return '{' + encode(tenantId) + '}';
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
