package io.llmcache.cache.health;

import static java.util.Objects.requireNonNull;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.llmcache.proto.v1.CacheServiceGrpc;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes SERVING through the standard gRPC health service only while every dependency answers;
 * {@link #check()} runs at start-up and then periodically.
 */
public final class DependencyHealth {
    private static final Logger log = LoggerFactory.getLogger(DependencyHealth.class);

    /** One dependency check; {@code check} throws when the dependency does not answer. */
    public record Probe(String name, Runnable check) {
        public Probe {
            requireNonNull(name, "name");
            requireNonNull(check, "check");
        }
    }

    private final HealthStatusManager health;
    private final List<Probe> probes;
    private volatile List<String> lastDown;

    public DependencyHealth(HealthStatusManager health, List<Probe> probes) {
        this.health = requireNonNull(health, "health");
        this.probes = List.copyOf(probes);
    }

    public void check() {
        List<String> down = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (Probe probe : probes) {
            try {
                probe.check().run();
            } catch (RuntimeException e) {
                down.add(probe.name());
                details.add(probe.name() + " (" + e.getMessage() + ")");
            }
        }
        ServingStatus status = down.isEmpty() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        health.setStatus(CacheServiceGrpc.SERVICE_NAME, status);
        // Logged on changes only, so a long outage does not flood the log.
        if (!down.equals(lastDown)) {
            if (down.isEmpty()) {
                log.info("All dependencies answer: SERVING");
            } else {
                log.warn("NOT_SERVING, dependencies down: {}", String.join(", ", details));
            }
        }
        lastDown = down;
    }
}
