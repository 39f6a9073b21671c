package io.llmcache.gateway;

import io.llmcache.gateway.usage.spool.SpoolSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway's settings, read once at start-up from environment-style variables.
 *
 * @param port HTTP port ({@code LLMCACHE_GATEWAY_PORT}, default 28080; 0 binds an ephemeral port)
 * @param cacheAddress host:port of the cache server ({@code LLMCACHE_CACHE_ADDRESS}, default 127.0.0.1:27070)
 * @param postgresUrl JDBC URL of the database holding schema {@code gateway} ({@code LLMCACHE_POSTGRES_URL})
 * @param postgresUser database role ({@code LLMCACHE_POSTGRES_USER})
 * @param postgresPassword database password ({@code LLMCACHE_POSTGRES_PASSWORD})
 * @param kafkaBootstrap Kafka bootstrap servers ({@code LLMCACHE_KAFKA_BOOTSTRAP})
 * @param usageTopic topic receiving one UsageEvent per request ({@code LLMCACHE_USAGE_TOPIC}, default llmcache.usage.v1)
 * @param upstreamBaseUrl base URL of the OpenAI-compatible upstream, up to and including /v1 ({@code LLMCACHE_UPSTREAM_BASE_URL})
 * @param upstreamApiKey provider key sent upstream as Bearer; empty sends none ({@code LLMCACHE_UPSTREAM_API_KEY})
 * @param adminToken token of the admin API, required ({@code LLMCACHE_ADMIN_TOKEN})
 * @param lookupDeadline deadline of a cache lookup; past it the request bypasses the cache ({@code LLMCACHE_LOOKUP_DEADLINE_MS}, default 300)
 * @param storeDeadline deadline of the background store after a miss ({@code LLMCACHE_STORE_DEADLINE_MS}, default 5000)
 * @param upstreamTimeout time allowed for the whole upstream response ({@code LLMCACHE_UPSTREAM_TIMEOUT_MS}, default 120000)
 * @param maxRequestBytes largest accepted request body ({@code LLMCACHE_MAX_REQUEST_BYTES}, default 8 MiB)
 * @param usageSpool the local spool of usage events Kafka could not take ({@link SpoolSettings})
 */
public record GatewayConfig(
        int port,
        String cacheAddress,
        String postgresUrl,
        String postgresUser,
        String postgresPassword,
        String kafkaBootstrap,
        String usageTopic,
        URI upstreamBaseUrl,
        String upstreamApiKey,
        String adminToken,
        Duration lookupDeadline,
        Duration storeDeadline,
        Duration upstreamTimeout,
        int maxRequestBytes,
        SpoolSettings usageSpool) {

    /** Admin tokens shorter than this are refused: they would be guessable. */
    static final int MIN_ADMIN_TOKEN_LENGTH = 16;

    public GatewayConfig {
        Objects.requireNonNull(cacheAddress, "cacheAddress");
        Objects.requireNonNull(postgresUrl, "postgresUrl");
        Objects.requireNonNull(postgresUser, "postgresUser");
        Objects.requireNonNull(postgresPassword, "postgresPassword");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(usageTopic, "usageTopic");
        Objects.requireNonNull(upstreamBaseUrl, "upstreamBaseUrl");
        Objects.requireNonNull(upstreamApiKey, "upstreamApiKey");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(lookupDeadline, "lookupDeadline");
        Objects.requireNonNull(storeDeadline, "storeDeadline");
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
        Objects.requireNonNull(usageSpool, "usageSpool");
    }

    /** Reads and validates every setting; throws {@link ConfigException} naming the bad key and value. */
    public static GatewayConfig fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        String adminToken = s.string("LLMCACHE_ADMIN_TOKEN", "");
        if (adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new ConfigException("LLMCACHE_ADMIN_TOKEN", adminToken.isEmpty() ? "<unset>" : "<hidden>",
                    "a secret of at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
        }
        return new GatewayConfig(
                s.intRange("LLMCACHE_GATEWAY_PORT", 28080, 0, 65535),
                s.hostPort("LLMCACHE_CACHE_ADDRESS", "127.0.0.1:27070"),
                s.string("LLMCACHE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:25432/llmcache"),
                s.string("LLMCACHE_POSTGRES_USER", "llmcache"),
                s.string("LLMCACHE_POSTGRES_PASSWORD", "llmcache"),
                s.string("LLMCACHE_KAFKA_BOOTSTRAP", "127.0.0.1:29092"),
                s.string("LLMCACHE_USAGE_TOPIC", "llmcache.usage.v1"),
                s.httpUri("LLMCACHE_UPSTREAM_BASE_URL", "http://127.0.0.1:28090/v1"),
                s.string("LLMCACHE_UPSTREAM_API_KEY", ""),
                adminToken,
                Duration.ofMillis(s.intRange("LLMCACHE_LOOKUP_DEADLINE_MS", 300, 1, 60_000)),
                Duration.ofMillis(s.intRange("LLMCACHE_STORE_DEADLINE_MS", 5_000, 1, 600_000)),
                Duration.ofMillis(s.intRange("LLMCACHE_UPSTREAM_TIMEOUT_MS", 120_000, 1, 3_600_000)),
                s.intRange("LLMCACHE_MAX_REQUEST_BYTES", 8 * 1024 * 1024, 1024, 256 * 1024 * 1024),
                SpoolSettings.fromEnv(env));
    }

    /** Same settings on another port (tests bind port 0). */
    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(newPort, cacheAddress, postgresUrl, postgresUser, postgresPassword,
                kafkaBootstrap, usageTopic, upstreamBaseUrl, upstreamApiKey, adminToken, lookupDeadline,
                storeDeadline, upstreamTimeout, maxRequestBytes, usageSpool);
    }

    @Override
    public String toString() {
        // Secrets stay out of logs.
        return "GatewayConfig[port=" + port + ", cacheAddress=" + cacheAddress + ", postgresUrl=" + postgresUrl
                + ", kafkaBootstrap=" + kafkaBootstrap + ", usageTopic=" + usageTopic
                + ", upstreamBaseUrl=" + upstreamBaseUrl + ", lookupDeadline=" + lookupDeadline
                + ", storeDeadline=" + storeDeadline + ", upstreamTimeout=" + upstreamTimeout
                + ", maxRequestBytes=" + maxRequestBytes + ", usageSpool=" + usageSpool + "]";
    }

    /** Typed reads of one variable each, with the default applied to unset or blank values. */
    private record Settings(Map<String, String> env) {

        String string(String key, String defaultValue) {
            String value = env.get(key);
            return value == null || value.isBlank() ? defaultValue : value.trim();
        }

        int intRange(String key, int defaultValue, int min, int max) {
            String raw = string(key, Integer.toString(defaultValue));
            try {
                int value = Integer.parseInt(raw);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the expected range
            }
            throw new ConfigException(key, raw, "an integer in [" + min + ", " + max + "]");
        }

        String hostPort(String key, String defaultValue) {
            String raw = string(key, defaultValue);
            int colon = raw.lastIndexOf(':');
            if (colon > 0 && colon < raw.length() - 1) {
                try {
                    int port = Integer.parseInt(raw.substring(colon + 1));
                    if (port > 0 && port <= 65535) {
                        return raw;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            throw new ConfigException(key, raw, "host:port");
        }

        URI httpUri(String key, String defaultValue) {
            String raw = string(key, defaultValue);
            try {
                URI uri = URI.create(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            throw new ConfigException(key, raw, "an http:// or https:// URL");
        }
    }
}
