package io.llmcache.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the simulated upstream.
 *
 * @param port HTTP port ({@code LLMCACHE_SIM_PORT}, default 28090; 0 binds an ephemeral port)
 * @param latency added to every answer unless a request asks otherwise ({@code LLMCACHE_SIM_LATENCY_MS}, default 50)
 */
public record SimConfig(int port, Duration latency) {

    public SimConfig {
        Objects.requireNonNull(latency, "latency");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid LLMCACHE_SIM_PORT=" + port + ": expected 0-65535");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("invalid LLMCACHE_SIM_LATENCY_MS=" + latency.toMillis()
                    + ": expected >= 0");
        }
    }

    public static SimConfig fromEnv(Map<String, String> env) {
        return new SimConfig(intSetting(env, "LLMCACHE_SIM_PORT", 28090),
                Duration.ofMillis(intSetting(env, "LLMCACHE_SIM_LATENCY_MS", 50)));
    }

    private static int intSetting(Map<String, String> env, String key, int defaultValue) {
        String raw = env.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + "=" + raw + ": expected an integer", e);
        }
    }
}
