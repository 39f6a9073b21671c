package io.llmcache.cache.stats.redis;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.Scope;
import io.llmcache.cache.redis.RedisFailures;
import io.llmcache.cache.redis.RedisKeys;
import io.llmcache.cache.stats.LookupCounters;
import io.llmcache.cache.stats.LookupOutcome;
import io.llmcache.cache.stats.LookupTotals;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/** Counters as Redis hashes (one per tenant, one per namespace), updated together in one script. */
public final class RedisLookupCounters implements LookupCounters {
    private static final String LOOKUPS = "lookups";
    private static final String INCREMENT = """
            for i = 1, #KEYS do
              redis.call('HINCRBY', KEYS[i], 'lookups', 1)
              redis.call('HINCRBY', KEYS[i], ARGV[1], 1)
            end
            return 0
            """;

    private final RedissonClient redis;

    public RedisLookupCounters(RedissonClient redis) {
        this.redis = requireNonNull(redis, "redis");
    }

    @Override
    public void record(Scope scope, LookupOutcome outcome) {
        List<Object> keys = List.of(
                RedisKeys.tenantStats(scope.tenantId()),
                RedisKeys.namespaceStats(scope.tenantId(), scope.namespace()));
        try {
            redis.getScript(StringCodec.INSTANCE)
                    .eval(RScript.Mode.READ_WRITE, INCREMENT, RScript.ReturnType.INTEGER, keys, outcome.counterName());
        } catch (RedisException e) {
            throw RedisFailures.translate("count lookup", e);
        }
    }

    @Override
    public LookupTotals totals(String tenantId, Optional<String> namespace) {
        String key = namespace.map(ns -> RedisKeys.namespaceStats(tenantId, ns))
                .orElseGet(() -> RedisKeys.tenantStats(tenantId));
        Map<String, String> counters;
        try {
            counters = redis.<String, String>getMap(key, StringCodec.INSTANCE).readAllMap();
        } catch (RedisException e) {
            throw RedisFailures.translate("read counters", e);
        }
        return new LookupTotals(
                counter(counters, LOOKUPS),
                counter(counters, LookupOutcome.EXACT_HIT.counterName()),
                counter(counters, LookupOutcome.SEMANTIC_HIT.counterName()),
                counter(counters, LookupOutcome.MISS.counterName()));
    }

    private static long counter(Map<String, String> counters, String name) {
        String value = counters.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }
}
