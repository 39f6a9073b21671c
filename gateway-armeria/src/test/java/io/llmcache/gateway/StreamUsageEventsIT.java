package io.llmcache.gateway;

import static io.llmcache.gateway.StreamingIT.streamBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.llmcache.proto.v1.CacheResult;
import io.llmcache.proto.v1.UsageEvent;
import io.llmcache.sim.SimStreamGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Usage events of streamed requests, read back from the real Kafka topic. */
class StreamUsageEventsIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static IntegrationEnvironment.TestTenant tenant;
    private static UsageEventReader usageEvents;

    @BeforeAll
    static void createTenantAndRememberOffsets() {
        tenant = env.newTenant("stream-usage-it");
        usageEvents = UsageEventReader.fromNow(env);
    }

    /** The events of these request ids, waiting up to 20 s for all of them. */
    private static List<UsageEvent> events(List<String> requestIds) throws Exception {
        List<UsageEvent> found = usageEvents.requestEvents(tenant.tenantId(), requestIds);
        assertThat(found).as("events of %s", requestIds).hasSize(requestIds.size());
        List<UsageEvent> ordered = new ArrayList<>();
        for (String id : requestIds) {
            ordered.add(found.stream().filter(e -> e.getRequestId().equals(id)).findFirst().orElseThrow());
        }
        return ordered;
    }

    @Test
    void streamsAreMeteredWithTheirTokensUntilTheLastByte() throws Exception {
        String question = "How many stars are in the Milky Way?";
        String body = streamBody(question, false);
        SimStreamGate gate = env.sim().holdStream(question);
        WebClient client = WebClient.builder(env.client().uri()).responseTimeout(Duration.ofSeconds(30)).build();

        LiveStream miss = LiveStream.open(client, tenant.key(), body);
        gate.reached().get(15, TimeUnit.SECONDS);
        long heldMillis = 300;
        Thread.sleep(heldMillis);
        gate.open();
        miss.rest();
        String missId = miss.headers().get("x-request-id");
        env.awaitStored(tenant.tenantId(), body);
        AggregatedHttpResponse streamedHit = env.chat(tenant.key(), body);
        AggregatedHttpResponse plainHit = env.chat(tenant.key(),
                IntegrationEnvironment.chatBody("gpt-4o-mini", "You answer astronomy questions in one sentence.",
                        question));

        List<UsageEvent> events = events(List.of(missId, streamedHit.headers().get("x-request-id"),
                plainHit.headers().get("x-request-id")));
        UsageEvent missEvent = events.get(0);
        assertThat(missEvent.getStreaming()).isTrue();
        assertThat(missEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_MISS);
        assertThat(missEvent.getPromptTokens()).isPositive();
        assertThat(missEvent.getCompletionTokens()).isPositive();
        assertThat(missEvent.getUpstreamCostMicros()).isPositive();
        // The stream was held mid-way: both latencies run to its last byte, not to its first.
        assertThat(missEvent.getUpstreamLatencyMs()).isGreaterThanOrEqualTo((int) heldMillis);
        assertThat(missEvent.getLatencyMs()).isGreaterThanOrEqualTo(missEvent.getUpstreamLatencyMs());

        UsageEvent streamedHitEvent = events.get(1);
        assertThat(streamedHitEvent.getStreaming()).isTrue();
        assertThat(streamedHitEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_EXACT);
        assertThat(streamedHitEvent.getPromptTokens()).isEqualTo(missEvent.getPromptTokens());
        assertThat(streamedHitEvent.getCompletionTokens()).isEqualTo(missEvent.getCompletionTokens());
        assertThat(streamedHitEvent.getSavedCostMicros()).isEqualTo(missEvent.getUpstreamCostMicros());
        UsageEvent plainHitEvent = events.get(2);
        assertThat(plainHitEvent.getStreaming()).isFalse();
        assertThat(plainHitEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_EXACT);
    }

    @Test
    void aStreamTheClientAbandonsIsMeteredAsAnError() throws Exception {
        String question = "What is dark matter?";
        SimStreamGate gate = env.sim().holdStream(question);
        WebClient client = WebClient.builder(env.client().uri()).responseTimeout(Duration.ofSeconds(30)).build();

        LiveStream stream = LiveStream.open(client, tenant.key(), streamBody(question, true));
        String requestId = stream.headers().get("x-request-id");
        gate.reached().get(15, TimeUnit.SECONDS);
        stream.abort();
        gate.ended().get(15, TimeUnit.SECONDS);

        UsageEvent event = events(List.of(requestId)).get(0);
        assertThat(event.getStreaming()).isTrue();
        assertThat(event.getResult()).isEqualTo(CacheResult.CACHE_RESULT_ERROR);
    }
}
