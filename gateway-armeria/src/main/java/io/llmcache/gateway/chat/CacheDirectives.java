package io.llmcache.gateway.chat;

import com.linecorp.armeria.common.ClientCacheControl;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import io.llmcache.gateway.cache.CacheMode;
import io.llmcache.gateway.error.InvalidRequestException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The per-request cache controls of DESIGN §3, from the request headers.
 *
 * @param namespace {@code x-llmcache-namespace}, empty for the tenant's default space
 * @param mode {@code x-llmcache-mode}
 * @param skipLookup {@code Cache-Control: no-cache}: answer fresh, still store
 * @param skipStore {@code Cache-Control: no-store}: may be answered from the cache, never stored
 * @param maxAgeSeconds {@code Cache-Control: max-age=N}: only younger entries, stored with TTL N; 0 when absent
 */
public record CacheDirectives(String namespace, CacheMode mode, boolean skipLookup, boolean skipStore,
                              long maxAgeSeconds) {

    static final String NAMESPACE_HEADER = "x-llmcache-namespace";
    static final String MODE_HEADER = "x-llmcache-mode";
    private static final Pattern VALID_NAMESPACE = Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");

    public CacheDirectives {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(mode, "mode");
    }

    public static CacheDirectives from(RequestHeaders headers) {
        String namespace = headers.get(NAMESPACE_HEADER, "").trim();
        if (!namespace.isEmpty() && !VALID_NAMESPACE.matcher(namespace).matches()) {
            throw new InvalidRequestException("Invalid x-llmcache-namespace '" + namespace
                    + "'; expected 1-64 characters of letters, digits, '.', '_', ':' or '-'.", NAMESPACE_HEADER);
        }
        CacheMode mode = CacheMode.fromHeader(headers.get(MODE_HEADER));
        ClientCacheControl cacheControl = ClientCacheControl.parse(headers.getAll(HttpHeaderNames.CACHE_CONTROL));
        long maxAge = Math.max(0, cacheControl.maxAgeSeconds());
        boolean off = mode == CacheMode.OFF;
        return new CacheDirectives(namespace, mode, off || cacheControl.noCache(), off || cacheControl.noStore(),
                maxAge);
    }
}
