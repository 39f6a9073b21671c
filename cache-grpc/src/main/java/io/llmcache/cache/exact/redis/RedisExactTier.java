package io.llmcache.cache.exact.redis;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.CacheEntry;
import io.llmcache.cache.DependencyUnavailableException;
import io.llmcache.cache.EntryKey;
import io.llmcache.cache.exact.ExactTier;
import io.llmcache.cache.redis.RedisFailures;
import io.llmcache.cache.redis.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.RedisException;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Exact tier in Redis: one string value per entry, with a TTL equal to the entry's remaining life. */
public final class RedisExactTier implements ExactTier {
    private static final Logger log = LoggerFactory.getLogger(RedisExactTier.class);
    private static final int DELETE_BATCH = 500;

    private final RedissonClient redis;
    private final Duration timeout;

    public RedisExactTier(RedissonClient redis, Duration timeout) {
        this.redis = requireNonNull(redis, "redis");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    @Override
    public Optional<CacheEntry> get(EntryKey key, Instant now) {
        byte[] value;
        try {
            value = bucket(key).get();
        } catch (RedisException e) {
            throw RedisFailures.translate("exact get", e);
        }
        if (value == null) {
            return Optional.empty();
        }
        CacheEntry entry;
        try {
            entry = EntryEnvelope.decode(value);
        } catch (IllegalArgumentException e) {
            // Unreadable values (an older format) are treated as absent; the durable row repopulates them.
            log.warn("Ignoring unreadable exact-tier value at {}: {}", RedisKeys.exact(key), e.getMessage());
            return Optional.empty();
        }
        return entry.expiredAt(now) ? Optional.empty() : Optional.of(entry);
    }

    @Override
    public void put(EntryKey key, CacheEntry entry, Instant now) {
        Duration ttl = Duration.between(now, entry.expiresAt());
        if (ttl.toMillis() <= 0) {
            return;
        }
        try {
            bucket(key).set(EntryEnvelope.encode(entry), ttl);
        } catch (RedisException e) {
            throw RedisFailures.translate("exact put", e);
        }
    }

    @Override
    public void delete(Collection<EntryKey> keys) {
        List<String> names = keys.stream().map(RedisKeys::exact).toList();
        try {
            for (int from = 0; from < names.size(); from += DELETE_BATCH) {
                List<String> batch = names.subList(from, Math.min(names.size(), from + DELETE_BATCH));
                redis.getKeys().delete(batch.toArray(String[]::new));
            }
        } catch (RedisException e) {
            throw RedisFailures.translate("exact delete", e);
        }
    }

    @Override
    public void ping() {
        boolean answered;
        try {
            answered = redis.getRedisNodes(RedisNodes.SINGLE).pingAll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RedisException e) {
            throw RedisFailures.translate("ping", e);
        }
        if (!answered) {
            throw new DependencyUnavailableException("Redis", "ping",
                    new IllegalStateException("no PONG within " + timeout.toMillis() + " ms"));
        }
    }

    private RBucket<byte[]> bucket(EntryKey key) {
        return redis.getBucket(RedisKeys.exact(key), ByteArrayCodec.INSTANCE);
    }
}
