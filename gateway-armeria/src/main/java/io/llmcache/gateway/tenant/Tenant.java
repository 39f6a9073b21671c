package io.llmcache.gateway.tenant;

/** A tenant as the admin API shows it; {@code createdAt} is ISO-8601 UTC. */
public record Tenant(String id, String name, String plan, String createdAt) {
}
