package io.llmcache.gateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.Server;
import io.llmcache.gateway.error.ApiException;
import io.llmcache.gateway.error.UpstreamException;
import io.llmcache.gateway.json.Json;
import io.llmcache.gateway.provider.EmbeddingsResult;
import io.llmcache.gateway.provider.ModelList;
import io.llmcache.sim.SimConfig;
import io.llmcache.sim.SimUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI adapter's embeddings and model list against the simulated upstream and a broken one. */
class OpenAiEmbeddingsAndModelsTest {

    private static final Json JSON = new Json();

    private static SimUpstream sim;
    /** Answers every request with 401 and an OpenAI error: a provider that refuses the gateway's key. */
    private static Server refusing;

    @BeforeAll
    static void start() {
        sim = SimUpstream.start(new SimConfig(0, Duration.ZERO));
        refusing = Server.builder().http(0).service("prefix:/", (ctx, req) ->
                com.linecorp.armeria.common.HttpResponse.of(HttpStatus.UNAUTHORIZED,
                        com.linecorp.armeria.common.MediaType.JSON_UTF_8,
                        "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                                + "\"code\":\"invalid_api_key\",\"param\":null}}")).build();
        refusing.start().join();
    }

    @AfterAll
    static void stop() {
        sim.close();
        refusing.stop().join();
    }

    private static OpenAiChatProvider provider(String baseUrl) {
        return new OpenAiChatProvider(WebClient.builder(baseUrl).responseTimeout(Duration.ofSeconds(5)).build(),
                "sk-test", Duration.ofSeconds(5), JSON);
    }

    private static ApiException failure(CompletableFuture<?> future) {
        Throwable thrown = Exceptions.peel(catchThrowable(future::join));
        assertThat(thrown).isInstanceOf(UpstreamException.class);
        return (ApiException) thrown;
    }

    @Test
    void embeddingsComeBackUnchangedWithTheirPromptTokens() {
        EmbeddingsResult result = provider(sim.baseUrl()).embed(("{\"model\":\"text-embedding-3-small\","
                + "\"input\":[\"one two\",\"three\"],\"dimensions\":4}").getBytes(StandardCharsets.UTF_8)).join();

        assertThat(result.json().get("data")).hasSize(2);
        assertThat(result.json().at("/data/0/embedding")).hasSize(4);
        assertThat(result.promptTokens()).isEqualTo(3);
        assertThat(JSON.readTreeOrNull(result.body())).isEqualTo(result.json());
        assertThat(result.contentType()).startsWith("application/json");
    }

    @Test
    void anEmbeddingsErrorKeepsTheUpstreamStatusAndParam() {
        ApiException error = failure(provider(sim.baseUrl()).embed("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(error.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error.toError().param()).isEqualTo("input");
    }

    @Test
    void theModelListIsTheUpstreamsOwn() {
        ModelList models = provider(sim.baseUrl()).listModels().join();

        assertThat(models.json().get("object").asText()).isEqualTo("list");
        assertThat(models.json().at("/data/0/id").asText()).isEqualTo("sim-1");
    }

    @Test
    void anUpstreamRefusingTheModelListIsA502NotTheClientsFault() {
        ApiException error = failure(provider("http://127.0.0.1:" + refusing.activeLocalPort() + "/v1").listModels());

        assertThat(error.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(error.getMessage()).contains("401").contains("Incorrect API key provided");
    }
}
