package io.llmcache.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.cache.EntryKey;
import io.llmcache.cache.Scope;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
    private static final String KEY = "a".repeat(64);

    @Test
    void exactKeyHoldsTenantNamespaceAndKey() {
        assertThat(RedisKeys.exact(new EntryKey(new Scope("t-1", "docs"), KEY)))
                .isEqualTo("llmcache:v1:exact:{t-1}:docs:" + KEY);
    }

    @Test
    void scopesThatLookAlikeGetDifferentKeys() {
        String left = RedisKeys.exact(new EntryKey(new Scope("a:b", "c"), KEY));
        String right = RedisKeys.exact(new EntryKey(new Scope("a", "b:c"), KEY));
        assertThat(left).isNotEqualTo(right);
        assertThat(RedisKeys.exact(new EntryKey(new Scope("t", ""), KEY)))
                .isNotEqualTo(RedisKeys.exact(new EntryKey(new Scope("t", "x"), KEY)));
    }

    @Test
    void tenantIsTheHashTagSoItsKeysShareASlot() {
        assertThat(RedisKeys.exact(new EntryKey(new Scope("ten}{ant", "ns"), KEY)))
                .startsWith("llmcache:v1:exact:{ten%7D%7Bant}:");
        assertThat(RedisKeys.namespaceStats("t-1", "docs")).startsWith(RedisKeys.tenantStats("t-1") + ":ns:");
        assertThat(RedisKeys.tenantStats("t-1")).isEqualTo("llmcache:v1:stats:{t-1}");
    }
}
