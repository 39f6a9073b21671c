package io.llmcache.gateway.usage.spool;

import io.llmcache.gateway.health.DependencyHealth;
import io.llmcache.gateway.health.HealthIndicator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code usage_spool}: up while nothing waits on disk; a warning (the gateway still serves and loses nothing)
 * while events wait for Kafka or after events were lost, with the numbers.
 */
public final class UsageSpoolHealthIndicator implements HealthIndicator {

    private final Supplier<SpoolStats> stats;

    public UsageSpoolHealthIndicator(Supplier<SpoolStats> stats) {
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    @Override
    public String name() {
        return "usage_spool";
    }

    @Override
    public CompletableFuture<DependencyHealth> check() {
        SpoolStats s = stats.get();
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("pending_events", s.pendingEvents());
        metrics.put("pending_bytes", s.pendingBytes());
        metrics.put("max_bytes", s.maxBytes());
        metrics.put("spooled", s.spooled());
        metrics.put("drained", s.drained());
        metrics.put("dropped", s.refused());
        if (s.pendingEvents() == 0 && s.pendingBytes() == 0 && s.refused() == 0) {
            return CompletableFuture.completedFuture(DependencyHealth.up("empty", metrics));
        }
        String detail = s.pendingEvents() + " usage event(s), " + s.pendingBytes() + " bytes waiting for Kafka"
                + (s.refused() > 0 ? "; " + s.refused() + " lost since start" : "");
        return CompletableFuture.completedFuture(DependencyHealth.warn(detail, metrics));
    }
}
