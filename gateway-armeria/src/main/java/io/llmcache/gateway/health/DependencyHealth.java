package io.llmcache.gateway.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * One dependency's state in the /health body: {@code {"status":"up"|"warn"|"down","detail":...}}, plus
 * optional numbers. "warn" means working but needing attention; only "down" degrades the gateway.
 */
public record DependencyHealth(String status, String detail,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> metrics) {

    public static final String UP = "up";
    public static final String WARN = "warn";
    public static final String DOWN = "down";

    public DependencyHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    public static DependencyHealth up(String detail) {
        return new DependencyHealth(UP, detail, Map.of());
    }

    public static DependencyHealth up(String detail, Map<String, Long> metrics) {
        return new DependencyHealth(UP, detail, metrics);
    }

    public static DependencyHealth warn(String detail, Map<String, Long> metrics) {
        return new DependencyHealth(WARN, detail, metrics);
    }

    public static DependencyHealth down(String detail) {
        return new DependencyHealth(DOWN, detail, Map.of());
    }
}
