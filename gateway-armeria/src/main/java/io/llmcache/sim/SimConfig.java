package io.llmcache.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the simulated upstream.
 *
 * @param port HTTP port ({@code LLMCACHE_SIM_PORT}, default 28090; 0 binds an ephemeral port)
 * @param latency added to every answer, before the first token of a stream, unless a request asks otherwise
 *     ({@code LLMCACHE_SIM_LATENCY_MS}, default 50)
 * @param chunkDelay pause between two chunks of a stream ({@code LLMCACHE_SIM_CHUNK_DELAY_MS}, default 15)
 */
public record SimConfig(int port, Duration latency, Duration chunkDelay) {

    static final Duration DEFAULT_CHUNK_DELAY = Duration.ofMillis(15);

    public SimConfig {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(chunkDelay, "chunkDelay");
        if (chunkDelay.isNegative()) {
            throw new IllegalArgumentException("invalid LLMCACHE_SIM_CHUNK_DELAY_MS=" + chunkDelay.toMillis()
                    + ": expected >= 0");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid LLMCACHE_SIM_PORT=" + port + ": expected 0-65535");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("invalid LLMCACHE_SIM_LATENCY_MS=" + latency.toMillis()
                    + ": expected >= 0");
        }
    }

    /** The default pause between stream chunks. */
    public SimConfig(int port, Duration latency) {
        this(port, latency, DEFAULT_CHUNK_DELAY);
    }

    public static SimConfig fromEnv(Map<String, String> env) {
        return new SimConfig(intSetting(env, "LLMCACHE_SIM_PORT", 28090),
                Duration.ofMillis(intSetting(env, "LLMCACHE_SIM_LATENCY_MS", 50)),
                Duration.ofMillis(intSetting(env, "LLMCACHE_SIM_CHUNK_DELAY_MS", (int) DEFAULT_CHUNK_DELAY.toMillis())));
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
