package io.llmcache.gateway.health;

import java.util.Objects;

/** One dependency's state in the /health body: {@code {"status":"up"|"down","detail":...}}. */
public record DependencyHealth(String status, String detail) {

    public DependencyHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static DependencyHealth up(String detail) {
        return new DependencyHealth("up", detail);
    }

    public static DependencyHealth down(String detail) {
        return new DependencyHealth("down", detail);
    }
}
