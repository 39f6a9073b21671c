package io.llmcache.cache.redis;

import io.llmcache.cache.CacheException;
import io.llmcache.cache.DependencyUnavailableException;
import io.llmcache.cache.StorageFailureException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;

/** Translates Redisson failures into the cache's typed errors. */
public final class RedisFailures {
    private RedisFailures() {
    }

    public static CacheException translate(String operation, RedisException e) {
        if (e instanceof RedisConnectionException || e instanceof RedisTimeoutException) {
            return new DependencyUnavailableException("Redis", operation, e);
        }
        return new StorageFailureException("Redis", operation, e);
    }
}
