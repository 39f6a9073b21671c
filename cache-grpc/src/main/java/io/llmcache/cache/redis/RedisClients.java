package io.llmcache.cache.redis;

import java.time.Duration;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Redisson client; the cache prefers a fast failure to a slow answer, so nothing retries. */
public final class RedisClients {
    private static final Logger log = LoggerFactory.getLogger(RedisClients.class);
    private RedisClients() {
    }

    /** How often start-up tries to reach Redis, a second apart, before giving up. */
    private static final int START_ATTEMPTS = 30;

    /**
     * Connects now, trying for about half a minute: at start-up the machine may be busy enough
     * for the first PING to miss the tight per-command budget, and that must not kill the server.
     */
    public static RedissonClient connect(String url, int poolSize, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                return connectOnce(url, poolSize, timeout);
            } catch (RedisConnectionException e) {
                if (attempt >= START_ATTEMPTS) {
                    throw e;
                }
                log.warn("Redis at {} not reachable yet (attempt {} of {}): {}", url, attempt, START_ATTEMPTS,
                        e.getMessage());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Redis", e);
        }
    }

    private static RedissonClient connectOnce(String url, int poolSize, Duration timeout) {
        int timeoutMillis = Math.toIntExact(timeout.toMillis());
        Config config = new Config();
        config.setNettyThreads(4);
        config.setThreads(2);
        config.useSingleServer()
                .setAddress(url)
                .setConnectTimeout(timeoutMillis)
                .setTimeout(timeoutMillis)
                // A retry would push an RPC past its budget; the caller decides whether to retry.
                .setRetryAttempts(0)
                .setConnectionPoolSize(poolSize)
                .setConnectionMinimumIdleSize(Math.min(4, poolSize))
                .setSubscriptionConnectionPoolSize(1)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setPingConnectionInterval(1_000)
                .setKeepAlive(true);
        return Redisson.create(config);
    }
}
