package io.llmcache.gateway.usage.spool;

import io.llmcache.gateway.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how large the usage spool is.
 *
 * @param dir root directory ({@code LLMCACHE_USAGE_SPOOL_DIR}, default {@code <LLMCACHE_HOME>/spool/usage},
 *     {@code LLMCACHE_HOME} default /work/main/.llmcache)
 * @param maxBytes bound on undelivered bytes; past it new events are refused and counted
 *     ({@code LLMCACHE_USAGE_SPOOL_MAX_BYTES}, default 256 MiB)
 * @param segmentBytes size at which a new segment file is started (1/16 of maxBytes, at most 16 MiB)
 */
public record SpoolSettings(Path dir, long maxBytes, long segmentBytes) {

    static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    private static final long MIN_MAX_BYTES = 64L * 1024;
    private static final long MAX_SEGMENT_BYTES = 16L * 1024 * 1024;

    public SpoolSettings {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes < 1 || segmentBytes < 1) {
            throw new IllegalArgumentException("spool sizes must be positive: max " + maxBytes + ", segment "
                    + segmentBytes);
        }
    }

    public static SpoolSettings of(Path dir, long maxBytes) {
        return new SpoolSettings(dir.toAbsolutePath(), maxBytes, Math.min(MAX_SEGMENT_BYTES,
                Math.max(SegmentFormat.HEADER_BYTES + 1, maxBytes / 16)));
    }

    /** Reads the spool settings; throws {@link ConfigException} naming the bad key and value. */
    public static SpoolSettings fromEnv(Map<String, String> env) {
        String home = value(env, "LLMCACHE_HOME", "/work/main/.llmcache");
        Path dir = Path.of(value(env, "LLMCACHE_USAGE_SPOOL_DIR", home + "/spool/usage"));
        String rawMax = value(env, "LLMCACHE_USAGE_SPOOL_MAX_BYTES", Long.toString(DEFAULT_MAX_BYTES));
        try {
            long maxBytes = Long.parseLong(rawMax);
            if (maxBytes >= MIN_MAX_BYTES) {
                return of(dir, maxBytes);
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected range
        }
        throw new ConfigException("LLMCACHE_USAGE_SPOOL_MAX_BYTES", rawMax,
                "a number of bytes >= " + MIN_MAX_BYTES);
    }

    private static String value(Map<String, String> env, String key, String defaultValue) {
        String value = env.get(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
