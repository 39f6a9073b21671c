package io.llmcache.gateway.tenant;

/** A new API key as returned once by the admin API; {@code key} is never retrievable again. */
public record IssuedKey(String id, String key, String prefix, String name, String createdAt) {
}
