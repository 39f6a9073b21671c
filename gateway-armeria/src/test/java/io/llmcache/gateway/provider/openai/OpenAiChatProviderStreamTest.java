package io.llmcache.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.util.Exceptions;
import io.llmcache.gateway.error.UpstreamException;
import io.llmcache.gateway.json.Json;
import io.llmcache.gateway.provider.ChatStream;
import io.llmcache.sim.SimConfig;
import io.llmcache.sim.SimUpstream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Streaming through the OpenAI adapter against the simulated upstream. */
class OpenAiChatProviderStreamTest {

    private static final byte[] REQUEST = ("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    private static SimUpstream sim;

    @BeforeAll
    static void start() {
        sim = SimUpstream.start(new SimConfig(0, Duration.ZERO, Duration.ZERO));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static OpenAiChatProvider provider(String baseUrl) {
        return new OpenAiChatProvider(WebClient.builder(baseUrl).responseTimeout(Duration.ofSeconds(5)).build(),
                "sk-test", Duration.ofSeconds(5), new Json());
    }

    private static UpstreamException refusal(String baseUrl) {
        Throwable thrown = Exceptions.peel(catchThrowable(() -> provider(baseUrl).stream(REQUEST).join()));
        assertThat(thrown).isInstanceOf(UpstreamException.class);
        return (UpstreamException) thrown;
    }

    @Test
    void anAcceptedStreamHandsOverTheEventsUntilDone() {
        ChatStream stream = provider(sim.baseUrl()).stream(REQUEST).join();

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (HttpData data : stream.body().collect().join()) {
            body.writeBytes(data.array());
        }
        String events = body.toString(StandardCharsets.UTF_8);
        assertThat(events).startsWith("data: {").contains("\"chat.completion.chunk\"")
                .contains("\"prompt_tokens\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void aRefusedStreamFailsWithTheUpstreamsStatusAndError() {
        sim.failNext(429);

        UpstreamException refused = refusal(sim.baseUrl());

        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.toError().code()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void anUnreachableUpstreamIs502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        UpstreamException unreachable = refusal("http://127.0.0.1:" + closedPort + "/v1");

        assertThat(unreachable.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(unreachable.toError().code()).isEqualTo("upstream_unreachable");
    }

    @Test
    void aStreamThatBreaksOffIsDescribedAsInterruptedAndATimeoutAs504() {
        OpenAiChatProvider provider = provider(sim.baseUrl());

        assertThat(provider.streamFailure(new IllegalStateException("connection reset")).toError().code())
                .isEqualTo("upstream_stream_interrupted");
        assertThat(provider.streamFailure(com.linecorp.armeria.client.ResponseTimeoutException.get()).status())
                .isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    }
}
