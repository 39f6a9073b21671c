package io.llmcache.gateway.health;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.annotation.Get;
import io.llmcache.gateway.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health}: 200 "ok" when every dependency is up, 200 "warn" when some only warn, 503 "degraded"
 * when any is down; each dependency with a detail.
 */
public final class HealthService {

    private final List<HealthIndicator> indicators;
    private final Duration checkTimeout;
    private final Json json;

    public HealthService(List<HealthIndicator> indicators, Duration checkTimeout, Json json) {
        this.indicators = List.copyOf(indicators);
        this.checkTimeout = Objects.requireNonNull(checkTimeout, "checkTimeout");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Get("/health")
    public CompletableFuture<HttpResponse> health() {
        List<CompletableFuture<DependencyHealth>> checks = indicators.stream()
                // A dependent copy: the indicator's own future may be cached and shared, so it is never completed here.
                .map(indicator -> indicator.check().thenApply(health -> health)
                        .completeOnTimeout(DependencyHealth.down("no answer within " + checkTimeout.toMillis() + " ms"),
                                checkTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(e -> DependencyHealth.down(String.valueOf(e.getMessage()))))
                .toList();
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, DependencyHealth> dependencies = new LinkedHashMap<>();
            boolean anyDown = false;
            boolean anyWarn = false;
            for (int i = 0; i < indicators.size(); i++) {
                DependencyHealth health = checks.get(i).join();
                dependencies.put(indicators.get(i).name(), health);
                anyDown |= !DependencyHealth.UP.equals(health.status()) && !DependencyHealth.WARN.equals(health.status());
                anyWarn |= DependencyHealth.WARN.equals(health.status());
            }
            return json.response(anyDown ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK,
                    new HealthReport(anyDown ? "degraded" : anyWarn ? "warn" : "ok", dependencies));
        });
    }

    /** The /health body. */
    public record HealthReport(String status, Map<String, DependencyHealth> dependencies) {
    }
}
