package io.llmcache.gateway.cache.grpc;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.llmcache.gateway.health.DependencyHealth;
import io.llmcache.gateway.health.HealthIndicator;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Asks the cache server's standard gRPC health service for the server-wide status. */
public final class CacheServerHealthIndicator implements HealthIndicator {

    private final HealthGrpc.HealthStub health;
    private final String address;
    private final Duration deadline;

    public CacheServerHealthIndicator(HealthGrpc.HealthStub health, String address, Duration deadline) {
        this.health = Objects.requireNonNull(health, "health");
        this.address = Objects.requireNonNull(address, "address");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    @Override
    public String name() {
        return "cache_server";
    }

    @Override
    public CompletableFuture<DependencyHealth> check() {
        UnaryObserver<HealthCheckResponse> observer = new UnaryObserver<>();
        try {
            health.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance(), observer);
        } catch (RuntimeException e) {
            observer.onError(e);
        }
        return observer.future().handle((response, error) -> {
            if (error != null) {
                return DependencyHealth.down(address + ": " + GrpcFailures.describe(error));
            }
            HealthCheckResponse.ServingStatus status = response.getStatus();
            return status == HealthCheckResponse.ServingStatus.SERVING
                    ? DependencyHealth.up(address + " SERVING")
                    : DependencyHealth.down(address + " " + status);
        });
    }
}
