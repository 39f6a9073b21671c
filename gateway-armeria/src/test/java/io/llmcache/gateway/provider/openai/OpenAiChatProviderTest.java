package io.llmcache.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.util.Exceptions;
import io.llmcache.gateway.error.ApiException;
import io.llmcache.gateway.error.OpenAiError;
import io.llmcache.gateway.error.UpstreamException;
import io.llmcache.gateway.json.Json;
import io.llmcache.gateway.provider.ChatCompletion;
import io.llmcache.sim.SimConfig;
import io.llmcache.sim.SimUpstream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI adapter against the simulated upstream: real HTTP, real error shapes. */
class OpenAiChatProviderTest {

    private static final byte[] REQUEST = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Json JSON = new Json();

    private static SimUpstream sim;
    private static SimUpstream slowSim;

    @BeforeAll
    static void start() {
        sim = SimUpstream.start(new SimConfig(0, Duration.ZERO));
        slowSim = SimUpstream.start(new SimConfig(0, Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        sim.close();
        slowSim.close();
    }

    private static OpenAiChatProvider provider(String baseUrl, Duration timeout) {
        return new OpenAiChatProvider(WebClient.builder(baseUrl).responseTimeout(timeout).build(), "sk-test",
                timeout, JSON);
    }

    private static OpenAiError failure(OpenAiChatProvider provider, HttpStatus expectedStatus) {
        Throwable thrown = Exceptions.peel(catchThrowable(() -> provider.complete(REQUEST).join()));
        assertThat(thrown).isInstanceOf(UpstreamException.class);
        assertThat(((ApiException) thrown).status()).isEqualTo(expectedStatus);
        return ((ApiException) thrown).toError();
    }

    @Test
    void returnsTheBodyUnchangedWithItsUsage() {
        ChatCompletion completion = provider(sim.baseUrl(), Duration.ofSeconds(5)).complete(REQUEST).join();

        assertThat(completion.json().at("/choices/0/message/content").asText()).startsWith("[sim ");
        assertThat(JSON.readTreeOrNull(completion.body())).isEqualTo(completion.json());
        assertThat(completion.usage().promptTokens()).isEqualTo(completion.json().at("/usage/prompt_tokens").asLong());
        assertThat(completion.usage().completionTokens()).isPositive();
        assertThat(completion.contentType()).startsWith("application/json");
    }

    @Test
    void passesUpstreamErrorStatusesThrough() {
        sim.failNext(500);
        OpenAiError error = failure(provider(sim.baseUrl(), Duration.ofSeconds(5)), HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(error.type()).isEqualTo("server_error");
        assertThat(error.message()).contains("Simulated upstream failure");

        sim.failNext(429);
        assertThat(failure(provider(sim.baseUrl(), Duration.ofSeconds(5)), HttpStatus.TOO_MANY_REQUESTS).code())
                .isEqualTo("rate_limit_exceeded");
    }

    @Test
    void anUnreachableUpstreamIs502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiError error = failure(provider("http://127.0.0.1:" + closedPort + "/v1", Duration.ofSeconds(5)),
                HttpStatus.BAD_GATEWAY);
        assertThat(error.code()).isEqualTo("upstream_unreachable");
    }

    @Test
    void aSlowUpstreamIs504() {
        OpenAiError error = failure(provider(slowSim.baseUrl(), Duration.ofMillis(200)), HttpStatus.GATEWAY_TIMEOUT);
        assertThat(error.code()).isEqualTo("upstream_timeout");
        assertThat(error.message()).contains("200 ms");
    }
}
