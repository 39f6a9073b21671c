package io.llmcache.gateway;

import static io.llmcache.gateway.IntegrationEnvironment.chatBody;
import static io.llmcache.gateway.IntegrationEnvironment.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.llmcache.proto.v1.CacheResult;
import io.llmcache.proto.v1.UsageEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One UsageEvent per authenticated request on the real Kafka topic, read back by a fresh consumer. */
class UsageEventsIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static IntegrationEnvironment.TestTenant tenant;
    private static UsageEventReader usageEvents;

    @BeforeAll
    static void createTenantAndRememberOffsets() {
        tenant = env.newTenant("usage-it");
        usageEvents = UsageEventReader.fromNow(env);
    }

    private static UsageEvent byRequestId(List<UsageEvent> events, AggregatedHttpResponse response) {
        String requestId = response.headers().get("x-request-id");
        return events.stream().filter(e -> e.getRequestId().equals(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no event for request " + requestId + " in " + events));
    }

    @Test
    void everyAuthenticatedRequestEmitsExactlyOneEvent() throws Exception {
        Instant start = Instant.now();
        String body = chatBody("gpt-4o-mini", "Be brief.", "What is the speed of light in vacuum?");

        AggregatedHttpResponse miss = env.chat(tenant.key(), body);
        env.awaitStored(tenant.tenantId(), body);
        AggregatedHttpResponse hit = env.chat(tenant.key(), body);
        AggregatedHttpResponse malformed = env.chat(tenant.key(), "{not json");
        env.sim().failNext(500);
        AggregatedHttpResponse upstreamFailed = env.chat(tenant.key(),
                chatBody("gpt-4o-mini", "Be brief.", "This one fails upstream."));
        AggregatedHttpResponse unauthenticated = env.chat(null, body);

        assertThat(miss.headers().get("x-llmcache")).isEqualTo("MISS");
        assertThat(hit.headers().get("x-llmcache")).isEqualTo("HIT");
        assertThat(malformed.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(upstreamFailed.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(unauthenticated.status()).isEqualTo(HttpStatus.UNAUTHORIZED);

        List<UsageEvent> events = usageEvents.tenantEvents(tenant.tenantId(), 4);
        assertThat(events).hasSize(4);
        assertThat(events).extracting(UsageEvent::getEventId).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getSchemaVersion()).isEqualTo(1);
            assertThat(event.getApiKeyId()).isEqualTo(tenant.keyId());
            assertThat(event.getEndpoint()).isEqualTo("chat.completions");
            assertThat(event.getTime().getSeconds()).isGreaterThanOrEqualTo(start.getEpochSecond() - 1);
            assertThat(event.getLatencyMs()).isNotNegative();
        });

        JsonNode usage = json(miss).get("usage");
        UsageEvent missEvent = byRequestId(events, miss);
        assertThat(missEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_MISS);
        assertThat(missEvent.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(missEvent.getProvider()).isEqualTo("openai");
        assertThat(missEvent.getStatus()).isEqualTo(200);
        assertThat(missEvent.getPromptTokens()).isEqualTo(usage.get("prompt_tokens").asLong());
        assertThat(missEvent.getCompletionTokens()).isEqualTo(usage.get("completion_tokens").asLong());
        assertThat(missEvent.getUpstreamCostMicros()).isPositive();
        assertThat(missEvent.getSavedCostMicros()).isZero();

        UsageEvent hitEvent = byRequestId(events, hit);
        assertThat(hitEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_EXACT);
        assertThat(hitEvent.getPromptTokens()).isEqualTo(missEvent.getPromptTokens());
        assertThat(hitEvent.getCompletionTokens()).isEqualTo(missEvent.getCompletionTokens());
        assertThat(hitEvent.getSavedCostMicros()).isEqualTo(missEvent.getUpstreamCostMicros());
        assertThat(hitEvent.getUpstreamCostMicros()).isZero();
        assertThat(hitEvent.getEntryId()).isEqualTo(hit.headers().get("x-llmcache-entry"));
        assertThat(hitEvent.getSimilarity()).isEqualTo(1.0f);

        UsageEvent malformedEvent = byRequestId(events, malformed);
        assertThat(malformedEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_ERROR);
        assertThat(malformedEvent.getStatus()).isEqualTo(400);

        UsageEvent failedEvent = byRequestId(events, upstreamFailed);
        assertThat(failedEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_ERROR);
        assertThat(failedEvent.getStatus()).isEqualTo(500);
        assertThat(failedEvent.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(failedEvent.getUpstreamCostMicros()).isZero();
    }
}
