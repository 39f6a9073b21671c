package io.llmcache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheServerConfigTest {
    @Test
    void defaultsMatchTheLocalServices() {
        CacheServerConfig config = CacheServerConfig.fromEnv(Map.of());
        assertThat(config.port()).isEqualTo(27070);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.postgresUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:25432/llmcache");
        assertThat(config.redisUrl()).isEqualTo("redis://127.0.0.1:26379");
        assertThat(config.defaultTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(config.semanticThreshold()).isEmpty();
        assertThat(config.semanticMaxFalseHitRate()).isEqualTo(0.01);
        assertThat(config.semanticCandidates()).isEqualTo(10);
    }

    @Test
    void readsEveryOverride() {
        CacheServerConfig config = CacheServerConfig.fromEnv(Map.of(
                "LLMCACHE_CACHE_PORT", "0",
                "LLMCACHE_REDIS_URL", "redis://10.0.0.1:6379",
                "LLMCACHE_CACHE_DEFAULT_TTL_SECONDS", "60",
                "LLMCACHE_SEMANTIC_THRESHOLD", "0.9",
                "LLMCACHE_SEMANTIC_MAX_FALSE_HIT_RATE", "0.02",
                "LLMCACHE_CACHE_WORKER_THREADS", "4"));
        assertThat(config.port()).isZero();
        assertThat(config.redisUrl()).isEqualTo("redis://10.0.0.1:6379");
        assertThat(config.defaultTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.semanticThreshold()).hasValue(0.9);
        assertThat(config.semanticMaxFalseHitRate()).isEqualTo(0.02);
        assertThat(config.workerThreads()).isEqualTo(4);
    }

    @Test
    void blankValuesMeanTheDefault() {
        assertThat(CacheServerConfig.fromEnv(Map.of("LLMCACHE_CACHE_PORT", " ")).port()).isEqualTo(27070);
    }

    @Test
    void refusesBadValuesNamingKeyAndValue() {
        assertThatThrownBy(() -> CacheServerConfig.fromEnv(Map.of("LLMCACHE_SEMANTIC_THRESHOLD", "1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LLMCACHE_SEMANTIC_THRESHOLD").hasMessageContaining("1.5");
        assertThatThrownBy(() -> CacheServerConfig.fromEnv(Map.of("LLMCACHE_SEMANTIC_MAX_FALSE_HIT_RATE", "0")))
                .hasMessageContaining("LLMCACHE_SEMANTIC_MAX_FALSE_HIT_RATE").hasMessageContaining("'0.0'");
        assertThatThrownBy(() -> CacheServerConfig.fromEnv(Map.of("LLMCACHE_CACHE_PORT", "http")))
                .hasMessageContaining("LLMCACHE_CACHE_PORT").hasMessageContaining("'http'");
        assertThatThrownBy(() -> CacheServerConfig.fromEnv(Map.of("LLMCACHE_CACHE_PORT", "70000")))
                .hasMessageContaining("LLMCACHE_CACHE_PORT").hasMessageContaining("70000");
        assertThatThrownBy(() -> CacheServerConfig.fromEnv(Map.of("LLMCACHE_REDIS_URL", "localhost:6379")))
                .hasMessageContaining("LLMCACHE_REDIS_URL").hasMessageContaining("localhost:6379");
        assertThatThrownBy(() -> CacheServerConfig.fromEnv(Map.of("LLMCACHE_CACHE_DEFAULT_TTL_SECONDS", "0")))
                .hasMessageContaining("LLMCACHE_CACHE_DEFAULT_TTL_SECONDS");
    }

    @Test
    void withPortChangesOnlyThePort() {
        CacheServerConfig config = CacheServerConfig.fromEnv(Map.of("LLMCACHE_SEMANTIC_THRESHOLD", "0.9"));
        CacheServerConfig moved = config.withPort(0);
        assertThat(moved.port()).isZero();
        assertThat(moved.withPort(config.port())).isEqualTo(config);
    }

    @Test
    void toStringHidesThePassword() {
        CacheServerConfig config = CacheServerConfig.fromEnv(Map.of("LLMCACHE_POSTGRES_PASSWORD", "s3cret-pw"));
        assertThat(config.toString()).doesNotContain("s3cret-pw");
    }
}
