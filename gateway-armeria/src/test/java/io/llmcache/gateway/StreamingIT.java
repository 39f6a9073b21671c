package io.llmcache.gateway;

import static io.llmcache.gateway.IntegrationEnvironment.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.llmcache.gateway.chat.stream.SseDecoder;
import io.llmcache.gateway.chat.stream.SseEvent;
import io.llmcache.sim.SimStreamGate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams through the gateway with a plain HTTP client, event by event. Ordering is proven with the
 * simulated upstream's gate, which holds a stream mid-way: no wall-clock thresholds.
 */
class StreamingIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static final String SYSTEM = "You answer astronomy questions in one sentence.";
    private static IntegrationEnvironment.TestTenant tenant;
    private static WebClient client;

    @BeforeAll
    static void setUp() {
        tenant = env.newTenant("streaming-it");
        client = WebClient.builder(env.client().uri()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    static String streamBody(String question, boolean includeUsage) throws Exception {
        ObjectNode body = (ObjectNode) MAPPER.readTree(IntegrationEnvironment.chatBody("gpt-4o-mini", SYSTEM, question));
        body.put("stream", true);
        if (includeUsage) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return body.toString();
    }

    /** The first event that carries content; the role chunk before it is skipped. */
    private static String nextContent(LiveStream stream) throws Exception {
        while (true) {
            SseEvent event = stream.next();
            JsonNode content = MAPPER.readTree(event.data()).at("/choices/0/delta/content");
            if (content.isTextual() && !content.asText().isEmpty()) {
                return content.asText();
            }
        }
    }

    private static String text(List<SseEvent> events) throws Exception {
        StringBuilder text = new StringBuilder();
        for (SseEvent event : events) {
            if (!event.isDone()) {
                text.append(MAPPER.readTree(event.data()).at("/choices/0/delta/content").asText(""));
            }
        }
        return text.toString();
    }

    private static List<SseEvent> events(AggregatedHttpResponse response) {
        return new SseDecoder().feed(response.content().array());
    }

    @Test
    void theFirstEventsOfAMissReachTheClientWhileTheUpstreamIsStillStreamingAndAreStoredAfterwards()
            throws Exception {
        String question = "Which planet has the most moons?";
        String body = streamBody(question, false);
        SimStreamGate gate = env.sim().holdStream(question);

        LiveStream miss = LiveStream.open(client, tenant.key(), body);
        ResponseHeaders headers = miss.headers();
        assertThat(headers.status()).isEqualTo(HttpStatus.OK);
        assertThat(headers.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        assertThat(headers.get("x-llmcache")).isEqualTo("MISS");
        assertThat(headers.get("x-request-id")).isNotBlank();
        String first = nextContent(miss);

        // The upstream is held after its first content chunk: the client has it while the upstream is mid-stream.
        assertThat(first).startsWith("[sim ");
        assertThat(gate.reached()).isDone();
        assertThat(gate.ended()).isNotDone();
        assertThat(miss.ended()).isNotDone();

        gate.open();
        List<SseEvent> rest = miss.rest();
        assertThat(gate.ended().get(15, TimeUnit.SECONDS)).isEqualTo(SimStreamGate.End.COMPLETED);
        assertThat(rest.get(rest.size() - 1).isDone()).isTrue();
        assertThat(rest).noneMatch(event -> event.data().contains("\"usage\""));
        String missText = first + text(rest);
        env.awaitStored(tenant.tenantId(), body);

        long before = env.sim().chatRequests();
        AggregatedHttpResponse hit = env.chat(tenant.key(), body);
        assertThat(hit.headers().get("x-llmcache")).isEqualTo("HIT");
        assertThat(hit.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        List<SseEvent> hitEvents = events(hit);
        assertThat(text(hitEvents)).isEqualTo(missText);
        assertThat(hitEvents.get(hitEvents.size() - 1).isDone()).isTrue();
        assertThat(hitEvents).noneMatch(event -> event.data().contains("\"usage\""));
        assertThat(env.sim().chatRequests()).isEqualTo(before);
    }

    @Test
    void theUsageChunkIsSentOnlyToClientsThatAskForIt() throws Exception {
        String question = "How far away is the Moon?";
        List<SseEvent> withUsage = events(env.chat(tenant.key(), streamBody(question, true)));
        List<SseEvent> withoutUsage = events(env.chat(tenant.key(), streamBody(question + " Roughly.", false)));

        JsonNode usage = MAPPER.readTree(withUsage.get(withUsage.size() - 2).data());
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(withoutUsage).isNotEmpty().noneMatch(event -> event.data().contains("\"usage\""));
        assertThat(withoutUsage.get(withoutUsage.size() - 1).isDone()).isTrue();
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsTheUpstreamRequestAndNothingIsStored() throws Exception {
        String question = "What is a neutron star made of?";
        String body = streamBody(question, true);
        SimStreamGate gate = env.sim().holdStream(question);
        long cancelledBefore = env.sim().cancelledStreams();

        LiveStream stream = LiveStream.open(client, tenant.key(), body);
        nextContent(stream);
        stream.abort();

        assertThat(gate.ended().get(15, TimeUnit.SECONDS)).isEqualTo(SimStreamGate.End.CANCELLED);
        assertThat(env.sim().cancelledStreams()).isEqualTo(cancelledBefore + 1);
        // Give a wrongful background store time to land, then prove there is none.
        Thread.sleep(500);
        assertThat(env.isStored(tenant.tenantId(), body)).isFalse();
        assertThat(env.chat(tenant.key(), body).headers().get("x-llmcache")).isEqualTo("MISS");
    }

    @Test
    void anUpstreamThatFailsMidStreamEndsTheClientsStreamWithAnErrorEventAndNothingIsStored() throws Exception {
        String question = "Why is Venus so hot?";
        String body = streamBody(question, false);
        SimStreamGate gate = env.sim().holdStream(question);

        LiveStream stream = LiveStream.open(client, tenant.key(), body);
        String first = nextContent(stream);
        gate.fail();
        List<SseEvent> rest = stream.rest();

        assertThat(first).startsWith("[sim ");
        assertThat(gate.ended().get(15, TimeUnit.SECONDS)).isEqualTo(SimStreamGate.End.FAILED);
        assertThat(rest).isNotEmpty().noneMatch(SseEvent::isDone);
        JsonNode error = MAPPER.readTree(rest.get(rest.size() - 1).data()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("upstream_stream_interrupted");
        assertThat(error.get("type").asText()).isEqualTo("upstream_error");
        Thread.sleep(500);
        assertThat(env.isStored(tenant.tenantId(), body)).isFalse();
        AggregatedHttpResponse retry = env.chat(tenant.key(), body);
        assertThat(retry.headers().get("x-llmcache")).isEqualTo("MISS");
        assertThat(events(retry)).last().matches(SseEvent::isDone);
    }

    @Test
    void anUpstreamThatRefusesAStreamAnswersWithItsStatusInOpenAisShape() throws Exception {
        env.sim().failNext(429);
        AggregatedHttpResponse refused = env.chat(tenant.key(), streamBody("Is Pluto a planet?", false));

        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(IntegrationEnvironment.json(refused).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void aStreamFlagThatIsNotABooleanIs400() {
        AggregatedHttpResponse response = env.chat(tenant.key(),
                "{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(IntegrationEnvironment.json(response).at("/error/param").asText()).isEqualTo("stream");
    }
}
