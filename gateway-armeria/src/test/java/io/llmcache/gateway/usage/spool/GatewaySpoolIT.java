package io.llmcache.gateway.usage.spool;

import static io.llmcache.gateway.IntegrationEnvironment.chatBody;
import static io.llmcache.gateway.IntegrationEnvironment.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.llmcache.gateway.Gateway;
import io.llmcache.gateway.GatewayConfig;
import io.llmcache.gateway.IntegrationEnvironment;
import io.llmcache.proto.v1.UsageEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A gateway whose Kafka is unreachable keeps answering, spools its usage events and says so on /health. */
class GatewaySpoolIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    @TempDir
    Path spoolDir;

    @Test
    void aGatewayWithoutKafkaServesRequestsAndSpoolsTheirEventsForLater() throws Exception {
        IntegrationEnvironment.TestTenant tenant = env.newTenant("spool-it");
        String topic = UsageSpoolIT.freshTopic("llmcache.usage.gateway-spool-it");
        Map<String, String> settings = env.gatewayEnv();
        settings.put("LLMCACHE_KAFKA_BOOTSTRAP", "127.0.0.1:" + IntegrationEnvironment.closedPort());
        settings.put("LLMCACHE_USAGE_TOPIC", topic);
        settings.put("LLMCACHE_USAGE_SPOOL_DIR", spoolDir.toString());

        List<String> requestIds = new ArrayList<>();
        try (Gateway gateway = Gateway.start(GatewayConfig.fromEnv(settings))) {
            BlockingWebClient client = WebClient.builder("http://127.0.0.1:" + gateway.port())
                    .responseTimeout(Duration.ofSeconds(30)).build().blocking();
            for (int i = 0; i < 3; i++) {
                AggregatedHttpResponse response = IntegrationEnvironment.chat(client, tenant.key(),
                        chatBody("gpt-4o-mini", "Be brief.", "Spool question number " + i + "?"));
                assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
                assertThat(response.headers().get("x-llmcache")).isEqualTo("MISS");
                requestIds.add(response.headers().get("x-request-id"));
            }

            JsonNode health = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                health = json(client.get("/health"));
                if (health.at("/dependencies/usage_spool/metrics/pending_events").asLong() == 3) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(health.at("/dependencies/usage_spool/status").asText()).as(health.toString()).isEqualTo("warn");
            assertThat(health.at("/dependencies/usage_spool/metrics/pending_events").asLong()).isEqualTo(3);
            assertThat(health.at("/dependencies/usage_spool/metrics/pending_bytes").asLong()).isPositive();
            assertThat(health.at("/dependencies/kafka/status").asText()).isEqualTo("down");
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(client.get("/health").status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        }

        // The next process, with Kafka back, delivers what this one spooled.
        try (SpoolingUsagePublisher next = UsageSpoolIT.publisher(UsageSpoolIT.BOOTSTRAP, topic, spoolDir)) {
            UsageSpoolIT.await(() -> next.stats().drained() == 3, Duration.ofSeconds(30), "the spool is drained");
        }
        List<UsageEvent> events = UsageSpoolIT.tenantEvents(topic, tenant.tenantId(), 3);
        assertThat(events).extracting(UsageEvent::getRequestId).containsExactlyElementsOf(requestIds);
        assertThat(UsageSpoolIT.segmentCount(spoolDir)).isZero();
    }
}
