package io.llmcache.gateway;

import static io.llmcache.gateway.IntegrationEnvironment.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input against a real gateway (body limit 1 MiB, an upstream nobody listens on): oversized bodies are
 * 413 and wrong JSON types 400 naming the field, all in OpenAI's error shape and before any upstream call;
 * the model list of an unreachable upstream is a 502.
 */
class RequestLimitsIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static final int LIMIT = 1024 * 1024;

    private static IntegrationEnvironment.TestTenant tenant;
    private static Gateway gateway;
    private static BlockingWebClient client;

    @BeforeAll
    static void startGatewayWithASmallBodyLimit() throws IOException {
        tenant = env.newTenant("limits-it");
        Map<String, String> settings = env.gatewayEnv();
        settings.put("LLMCACHE_MAX_REQUEST_BYTES", Integer.toString(LIMIT));
        settings.put("LLMCACHE_UPSTREAM_BASE_URL", "http://127.0.0.1:" + IntegrationEnvironment.closedPort() + "/v1");
        settings.put("LLMCACHE_USAGE_SPOOL_DIR", Files.createTempDirectory("limits-it-spool").toString());
        gateway = Gateway.start(GatewayConfig.fromEnv(settings));
        client = WebClient.of("http://127.0.0.1:" + gateway.port()).blocking();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static RequestHeaders post(String path, String key) {
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8);
        if (key != null) {
            headers.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        return headers.build();
    }

    private static AggregatedHttpResponse send(String path, String body) {
        return client.execute(HttpRequest.of(post(path, tenant.key()), HttpData.ofUtf8(body)));
    }

    private static JsonNode openAiError(AggregatedHttpResponse response, HttpStatus status) {
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(status);
        assertThat(response.headers().contentType()).isNotNull();
        assertThat(response.headers().contentType().isJson()).isTrue();
        JsonNode error = json(response).get("error");
        assertThat(error).as(response.contentUtf8()).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
        return error;
    }

    /** A valid request body of about two megabytes: one long user message or one long input. */
    private static String twoMegabytes(String path) {
        char[] filler = new char[2 * 1024 * 1024];
        Arrays.fill(filler, 'a');
        String text = new String(filler);
        return path.endsWith("embeddings")
                ? "{\"model\":\"text-embedding-3-small\",\"input\":\"" + text + "\"}"
                : "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    void aTwoMegabyteBodyIs413InOpenAisShapeForChatAndEmbeddings() {
        for (String path : new String[] {"/v1/chat/completions", "/v1/embeddings"}) {
            String body = twoMegabytes(path);
            assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(2 * LIMIT - 100);

            JsonNode declared = openAiError(send(path, body), HttpStatus.REQUEST_ENTITY_TOO_LARGE);
            // Without Content-Length the limit is found while the body streams in.
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            int half = bytes.length / 2;
            JsonNode streamed = openAiError(client.execute(HttpRequest.of(post(path, tenant.key()), StreamMessage.of(
                    HttpData.wrap(Arrays.copyOfRange(bytes, 0, half)),
                    HttpData.wrap(Arrays.copyOfRange(bytes, half, bytes.length))))),
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE);

            assertThat(declared.get("type").asText()).as(path).isEqualTo("invalid_request_error");
            assertThat(declared.get("code").asText()).as(path).isEqualTo("request_too_large");
            assertThat(streamed.get("code").asText()).as(path).isEqualTo("request_too_large");
        }
    }

    @Test
    void wrongJsonTypesInAChatRequestAre400NamingTheField() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

        JsonNode messagesAString = openAiError(send("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}"), HttpStatus.BAD_REQUEST);
        JsonNode modelANumber = openAiError(send("/v1/chat/completions", "{\"model\":4," + messages + "}"),
                HttpStatus.BAD_REQUEST);
        JsonNode temperatureAString = openAiError(send("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"temperature\":\"hot\"," + messages + "}"), HttpStatus.BAD_REQUEST);
        JsonNode maxTokensADecimal = openAiError(send("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10.5," + messages + "}"), HttpStatus.BAD_REQUEST);

        assertThat(messagesAString.get("param").asText()).isEqualTo("messages");
        assertThat(messagesAString.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(modelANumber.get("param").asText()).isEqualTo("model");
        assertThat(temperatureAString.get("param").asText()).isEqualTo("temperature");
        assertThat(temperatureAString.get("message").asText()).contains("expected a number");
        assertThat(maxTokensADecimal.get("param").asText()).isEqualTo("max_tokens");
    }

    @Test
    void wrongJsonTypesInAnEmbeddingsRequestAre400NamingTheField() {
        assertThat(openAiError(send("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":42}"),
                HttpStatus.BAD_REQUEST).get("param").asText()).isEqualTo("input");
        assertThat(openAiError(send("/v1/embeddings", "{\"model\":7,\"input\":\"x\"}"),
                HttpStatus.BAD_REQUEST).get("param").asText()).isEqualTo("model");
        assertThat(openAiError(send("/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":\"x\",\"dimensions\":\"64\"}"),
                HttpStatus.BAD_REQUEST).get("param").asText()).isEqualTo("dimensions");
        assertThat(openAiError(send("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"\"]}"),
                HttpStatus.BAD_REQUEST).get("param").asText()).isEqualTo("input[1]");
    }

    @Test
    void embeddingsNeedATenantKey() {
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}";
        openAiError(client.execute(HttpRequest.of(post("/v1/embeddings", null), HttpData.ofUtf8(body))),
                HttpStatus.UNAUTHORIZED);
        openAiError(client.execute(HttpRequest.of(post("/v1/embeddings", env.adminToken()), HttpData.ofUtf8(body))),
                HttpStatus.FORBIDDEN);
    }

    @Test
    void theModelListNeedsATenantKeyAndAnUnreachableUpstreamIsA502() {
        RequestHeaders noKey = RequestHeaders.of(HttpMethod.GET, "/v1/models");
        openAiError(client.execute(noKey), HttpStatus.UNAUTHORIZED);
        openAiError(client.execute(noKey.toBuilder()
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + env.adminToken()).build()), HttpStatus.FORBIDDEN);

        JsonNode unreachable = openAiError(client.execute(noKey.toBuilder()
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tenant.key()).build()), HttpStatus.BAD_GATEWAY);

        assertThat(unreachable.get("code").asText()).isEqualTo("upstream_unreachable");
    }
}
