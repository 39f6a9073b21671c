package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Cache-server settings, read once at start-up from environment-style keys (see {@link Setting} for
 * each key, its default and its meaning). Invalid values fail start-up with the key and the value.
 */
public record CacheServerConfig(
        String bindAddress,
        int port,
        String postgresUrl,
        String postgresUser,
        String postgresPassword,
        int postgresPoolSize,
        String redisUrl,
        int redisPoolSize,
        Duration dependencyTimeout,
        Duration defaultTtl,
        OptionalDouble semanticThreshold,
        double semanticMaxFalseHitRate,
        int semanticCandidates,
        int workerThreads,
        int workerQueueSize,
        int maxMessageBytes,
        Duration healthCheckInterval,
        Duration expirySweepInterval) {

    /** Every key the cache server reads. */
    public enum Setting {
        BIND_ADDRESS("LLMCACHE_CACHE_BIND_ADDRESS", "127.0.0.1",
                "Address the gRPC server binds. The service has no authentication: keep it on a private network."),
        PORT("LLMCACHE_CACHE_PORT", "27070", "gRPC port; 0 picks a free one."),
        POSTGRES_URL("LLMCACHE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:25432/llmcache",
                "JDBC URL of PostgreSQL with pgvector 0.8; the server migrates schema 'cache' itself."),
        POSTGRES_USER("LLMCACHE_POSTGRES_USER", "llmcache", "PostgreSQL user."),
        POSTGRES_PASSWORD("LLMCACHE_POSTGRES_PASSWORD", "llmcache", "PostgreSQL password."),
        POSTGRES_POOL_SIZE("LLMCACHE_CACHE_POSTGRES_POOL_SIZE", "20",
                "PostgreSQL connections; keep it above the worker threads so workers never wait for one."),
        REDIS_URL("LLMCACHE_REDIS_URL", "redis://127.0.0.1:26379", "Redis URL (redis:// or rediss://)."),
        REDIS_POOL_SIZE("LLMCACHE_CACHE_REDIS_POOL_SIZE", "16", "Redis connections."),
        DEPENDENCY_TIMEOUT_MS("LLMCACHE_CACHE_DEPENDENCY_TIMEOUT_MS", "250",
                "How long a call waits for a Redis answer or a PostgreSQL connection before failing UNAVAILABLE."),
        DEFAULT_TTL_SECONDS("LLMCACHE_CACHE_DEFAULT_TTL_SECONDS", "86400",
                "Lifetime of an entry stored without its own TTL."),
        SEMANTIC_MAX_FALSE_HIT_RATE("LLMCACHE_SEMANTIC_MAX_FALSE_HIT_RATE", "0.01",
                "Default share of different-meaning queries a tenant accepts being answered from the cache, in "
                        + "(0, 0.5]; the learned verifier turns it into its measured operating point."),
        // Expert mode: 0.95 gives 0.74% false hits, 19.3% recall on eval/dev-pairs.tsv (DevPairsEvaluation).
        SEMANTIC_THRESHOLD("LLMCACHE_SEMANTIC_THRESHOLD", "",
                "Expert override, in (0, 1]: when set, a fixed minimum cosine similarity plus the number, negation "
                        + "and name rules replace the learned verifier and LLMCACHE_SEMANTIC_MAX_FALSE_HIT_RATE."),
        SEMANTIC_CANDIDATES("LLMCACHE_CACHE_SEMANTIC_CANDIDATES", "10",
                "Nearest entries verified per semantic lookup."),
        WORKER_THREADS("LLMCACHE_CACHE_WORKER_THREADS", "16",
                "Threads running the blocking work of calls (Redis, PostgreSQL, embeddings)."),
        WORKER_QUEUE("LLMCACHE_CACHE_WORKER_QUEUE", "1024",
                "Calls waiting for a worker; beyond it calls fail RESOURCE_EXHAUSTED."),
        MAX_MESSAGE_BYTES("LLMCACHE_CACHE_MAX_MESSAGE_BYTES", "16777216", "Largest gRPC request accepted."),
        HEALTH_INTERVAL_MS("LLMCACHE_CACHE_HEALTH_INTERVAL_MS", "2000",
                "How often Redis and PostgreSQL are checked for the gRPC health status."),
        EXPIRY_SWEEP_SECONDS("LLMCACHE_CACHE_EXPIRY_SWEEP_SECONDS", "60",
                "How often expired rows are deleted from PostgreSQL.");

        private final String key;
        private final String defaultValue;
        private final String description;

        Setting(String key, String defaultValue, String description) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        public String key() {
            return key;
        }

        public String defaultValue() {
            return defaultValue;
        }

        public String description() {
            return description;
        }
    }

    public CacheServerConfig {
        requireNonNull(bindAddress, "bindAddress");
        requireNonNull(postgresUrl, "postgresUrl");
        requireNonNull(postgresUser, "postgresUser");
        requireNonNull(postgresPassword, "postgresPassword");
        requireNonNull(redisUrl, "redisUrl");
        requireNonNull(dependencyTimeout, "dependencyTimeout");
        requireNonNull(defaultTtl, "defaultTtl");
        requireNonNull(healthCheckInterval, "healthCheckInterval");
        requireNonNull(expirySweepInterval, "expirySweepInterval");
        check(Setting.BIND_ADDRESS, !bindAddress.isBlank(), bindAddress, "must not be empty");
        check(Setting.PORT, port >= 0 && port <= 65_535, port, "must be between 0 and 65535");
        check(Setting.POSTGRES_URL, postgresUrl.startsWith("jdbc:postgresql://"), postgresUrl,
                "must start with jdbc:postgresql://");
        check(Setting.POSTGRES_POOL_SIZE, postgresPoolSize >= 1, postgresPoolSize, "must be at least 1");
        check(Setting.REDIS_URL, redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"), redisUrl,
                "must start with redis:// or rediss://");
        check(Setting.REDIS_POOL_SIZE, redisPoolSize >= 1, redisPoolSize, "must be at least 1");
        check(Setting.DEPENDENCY_TIMEOUT_MS,
                dependencyTimeout.toMillis() >= 10 && dependencyTimeout.toMillis() <= 60_000,
                dependencyTimeout.toMillis(), "must be between 10 and 60000");
        check(Setting.DEFAULT_TTL_SECONDS, defaultTtl.toSeconds() >= 1, defaultTtl.toSeconds(), "must be at least 1");
        requireNonNull(semanticThreshold, "semanticThreshold");
        if (semanticThreshold.isPresent()) {
            double threshold = semanticThreshold.getAsDouble();
            check(Setting.SEMANTIC_THRESHOLD, threshold > 0 && threshold <= 1, threshold, "must be in (0, 1]");
        }
        check(Setting.SEMANTIC_MAX_FALSE_HIT_RATE, semanticMaxFalseHitRate > 0 && semanticMaxFalseHitRate <= 0.5,
                semanticMaxFalseHitRate, "must be in (0, 0.5]");
        check(Setting.SEMANTIC_CANDIDATES, semanticCandidates >= 1 && semanticCandidates <= 100,
                semanticCandidates, "must be between 1 and 100");
        check(Setting.WORKER_THREADS, workerThreads >= 1, workerThreads, "must be at least 1");
        check(Setting.WORKER_QUEUE, workerQueueSize >= 1, workerQueueSize, "must be at least 1");
        check(Setting.MAX_MESSAGE_BYTES, maxMessageBytes >= 1024, maxMessageBytes, "must be at least 1024");
        check(Setting.HEALTH_INTERVAL_MS, healthCheckInterval.toMillis() >= 100, healthCheckInterval.toMillis(),
                "must be at least 100");
        check(Setting.EXPIRY_SWEEP_SECONDS, expirySweepInterval.toSeconds() >= 1, expirySweepInterval.toSeconds(),
                "must be at least 1");
    }

    /** Reads every {@link Setting} from {@code env}, using the default for absent or blank keys. */
    public static CacheServerConfig fromEnv(Map<String, String> env) {
        requireNonNull(env, "env");
        Reader reader = new Reader(env);
        return new CacheServerConfig(
                reader.string(Setting.BIND_ADDRESS),
                reader.integer(Setting.PORT),
                reader.string(Setting.POSTGRES_URL),
                reader.string(Setting.POSTGRES_USER),
                reader.string(Setting.POSTGRES_PASSWORD),
                reader.integer(Setting.POSTGRES_POOL_SIZE),
                reader.string(Setting.REDIS_URL),
                reader.integer(Setting.REDIS_POOL_SIZE),
                Duration.ofMillis(reader.integer(Setting.DEPENDENCY_TIMEOUT_MS)),
                Duration.ofSeconds(reader.integer(Setting.DEFAULT_TTL_SECONDS)),
                reader.optionalDecimal(Setting.SEMANTIC_THRESHOLD),
                reader.decimal(Setting.SEMANTIC_MAX_FALSE_HIT_RATE),
                reader.integer(Setting.SEMANTIC_CANDIDATES),
                reader.integer(Setting.WORKER_THREADS),
                reader.integer(Setting.WORKER_QUEUE),
                reader.integer(Setting.MAX_MESSAGE_BYTES),
                Duration.ofMillis(reader.integer(Setting.HEALTH_INTERVAL_MS)),
                Duration.ofSeconds(reader.integer(Setting.EXPIRY_SWEEP_SECONDS)));
    }

    public CacheServerConfig withPort(int newPort) {
        return new CacheServerConfig(bindAddress, newPort, postgresUrl, postgresUser, postgresPassword,
                postgresPoolSize, redisUrl, redisPoolSize, dependencyTimeout, defaultTtl, semanticThreshold,
                semanticMaxFalseHitRate, semanticCandidates, workerThreads, workerQueueSize, maxMessageBytes,
                healthCheckInterval, expirySweepInterval);
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "CacheServerConfig[bind=" + bindAddress + ':' + port + ", postgres=" + postgresUrl + " as "
                + postgresUser + " (pool " + postgresPoolSize + "), redis=" + redisUrl + " (pool " + redisPoolSize
                + "), dependencyTimeout=" + dependencyTimeout.toMillis() + "ms, defaultTtl=" + defaultTtl
                + ", semanticThreshold=" + (semanticThreshold.isPresent() ? semanticThreshold.getAsDouble() : "learned")
                + ", semanticMaxFalseHitRate=" + semanticMaxFalseHitRate + ", semanticCandidates=" + semanticCandidates
                + ", workers=" + workerThreads + " (queue " + workerQueueSize + "), maxMessageBytes="
                + maxMessageBytes + ", healthInterval=" + healthCheckInterval.toMillis() + "ms, expirySweep="
                + expirySweepInterval + ']';
    }

    private static void check(Setting setting, boolean valid, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException(setting.key() + ' ' + rule + ", was '" + value + "'");
        }
    }

    private record Reader(Map<String, String> env) {
        String string(Setting setting) {
            String value = env.get(setting.key());
            return value == null || value.isBlank() ? setting.defaultValue() : value.trim();
        }

        int integer(Setting setting) {
            String value = string(setting);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting.key() + " must be an integer, was '" + value + "'", e);
            }
        }

        OptionalDouble optionalDecimal(Setting setting) {
            return string(setting).isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(decimal(setting));
        }

        double decimal(Setting setting) {
            String value = string(setting);
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting.key() + " must be a number, was '" + value + "'", e);
            }
        }
    }
}
