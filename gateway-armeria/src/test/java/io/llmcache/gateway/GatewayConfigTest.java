package io.llmcache.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private static final String TOKEN = "an-admin-token-of-32-characters!";

    @Test
    void defaultsMatchTheLocalServices() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("LLMCACHE_ADMIN_TOKEN", TOKEN));

        assertThat(config.port()).isEqualTo(28080);
        assertThat(config.cacheAddress()).isEqualTo("127.0.0.1:27070");
        assertThat(config.postgresUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:25432/llmcache");
        assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:29092");
        assertThat(config.usageTopic()).isEqualTo("llmcache.usage.v1");
        assertThat(config.upstreamBaseUrl()).hasToString("http://127.0.0.1:28090/v1");
        assertThat(config.upstreamApiKey()).isEmpty();
        assertThat(config.lookupDeadline()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.toString()).doesNotContain(TOKEN);
    }

    @Test
    void theAdminTokenIsRequired() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LLMCACHE_ADMIN_TOKEN");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("LLMCACHE_ADMIN_TOKEN", "short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 16");
    }

    @Test
    void badValuesNameTheKeyTheValueAndTheExpectation() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("LLMCACHE_ADMIN_TOKEN", TOKEN,
                "LLMCACHE_LOOKUP_DEADLINE_MS", "fast")))
                .hasMessage("invalid LLMCACHE_LOOKUP_DEADLINE_MS=fast: expected an integer in [1, 60000]");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("LLMCACHE_ADMIN_TOKEN", TOKEN,
                "LLMCACHE_CACHE_ADDRESS", "localhost")))
                .hasMessageContaining("LLMCACHE_CACHE_ADDRESS=localhost").hasMessageContaining("host:port");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("LLMCACHE_ADMIN_TOKEN", TOKEN,
                "LLMCACHE_UPSTREAM_BASE_URL", "ftp://x")))
                .hasMessageContaining("LLMCACHE_UPSTREAM_BASE_URL");
    }

    @Test
    void trailingSlashOfTheUpstreamIsDropped() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("LLMCACHE_ADMIN_TOKEN", TOKEN,
                "LLMCACHE_UPSTREAM_BASE_URL", "https://api.openai.com/v1/"));
        assertThat(config.upstreamBaseUrl()).hasToString("https://api.openai.com/v1");
    }
}
