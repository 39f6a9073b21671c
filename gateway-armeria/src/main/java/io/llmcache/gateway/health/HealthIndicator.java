package io.llmcache.gateway.health;

import java.util.concurrent.CompletableFuture;

/** Reports whether one dependency works; the future completes normally with "down" on failure. */
public interface HealthIndicator {

    /** Name under {@code dependencies} in the /health body, e.g. "postgres". */
    String name();

    CompletableFuture<DependencyHealth> check();
}
