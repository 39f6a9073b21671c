package io.llmcache.gateway;

import static io.llmcache.gateway.IntegrationEnvironment.chatBody;
import static io.llmcache.gateway.IntegrationEnvironment.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /health, and a gateway whose cache server is unreachable: it must keep answering from the upstream. */
class ResilienceAndHealthIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static IntegrationEnvironment.TestTenant tenant;
    private static Gateway cachelessGateway;
    private static BlockingWebClient cachelessClient;

    @BeforeAll
    static void startGatewayWithoutCache() {
        tenant = env.newTenant("resilience-it");
        Map<String, String> settings = env.gatewayEnv();
        settings.put("LLMCACHE_CACHE_ADDRESS", "127.0.0.1:" + IntegrationEnvironment.closedPort());
        settings.put("LLMCACHE_LOOKUP_DEADLINE_MS", "300");
        cachelessGateway = Gateway.start(GatewayConfig.fromEnv(settings));
        cachelessClient = WebClient.of("http://127.0.0.1:" + cachelessGateway.port()).blocking();
    }

    @AfterAll
    static void stop() {
        cachelessGateway.close();
    }

    @Test
    void anUnreachableCacheServerMeansBypassNever500() {
        String body = chatBody("gpt-4o-mini", "Be brief.", "What is the boiling point of water at sea level?");
        long before = env.sim().chatRequests();

        AggregatedHttpResponse first = IntegrationEnvironment.chat(cachelessClient, tenant.key(), body);
        AggregatedHttpResponse second = IntegrationEnvironment.chat(cachelessClient, tenant.key(), body);

        for (AggregatedHttpResponse response : new AggregatedHttpResponse[] {first, second}) {
            assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
            assertThat(response.headers().get("x-llmcache")).isEqualTo("BYPASS");
            assertThat(json(response).at("/choices/0/message/content").asText()).startsWith("[sim ");
        }
        assertThat(env.sim().chatRequests()).isEqualTo(before + 2);
    }

    @Test
    void healthIsOkWhenEveryDependencyIsUp() {
        AggregatedHttpResponse response = env.client().get("/health");

        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("ok");
        for (String dependency : new String[] {"postgres", "cache_server", "kafka"}) {
            assertThat(body.at("/dependencies/" + dependency + "/status").asText()).as(dependency).isEqualTo("up");
            assertThat(body.at("/dependencies/" + dependency + "/detail").asText()).isNotBlank();
        }
    }

    @Test
    void healthIsDegradedWhenTheCacheServerIsDown() {
        AggregatedHttpResponse response = cachelessClient.get("/health");

        assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("degraded");
        assertThat(body.at("/dependencies/cache_server/status").asText()).isEqualTo("down");
        assertThat(body.at("/dependencies/cache_server/detail").asText()).contains("UNAVAILABLE");
        assertThat(body.at("/dependencies/postgres/status").asText()).isEqualTo("up");
        assertThat(body.at("/dependencies/kafka/status").asText()).isEqualTo("up");
    }
}
