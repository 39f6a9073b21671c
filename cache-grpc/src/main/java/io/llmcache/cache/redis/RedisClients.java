package io.llmcache.cache.redis;

import java.time.Duration;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Builds the Redisson client; the cache prefers a fast failure to a slow answer, so nothing retries. */
public final class RedisClients {
    private RedisClients() {
    }

    /** Connects now; throws if Redis does not answer within {@code timeout}. */
    public static RedissonClient connect(String url, int poolSize, Duration timeout) {
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
