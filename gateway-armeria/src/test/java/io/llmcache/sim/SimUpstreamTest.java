package io.llmcache.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimUpstreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static SimUpstream sim;
    private static BlockingWebClient client;

    @BeforeAll
    static void start() {
        sim = SimUpstream.start(new SimConfig(0, Duration.ZERO));
        client = WebClient.of("http://127.0.0.1:" + sim.port()).blocking();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static AggregatedHttpResponse chat(String body, String... headers) {
        RequestHeadersBuilder requestHeaders = RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                .contentType(MediaType.JSON_UTF_8);
        for (int i = 0; i < headers.length; i += 2) {
            requestHeaders.add(headers[i], headers[i + 1]);
        }
        return client.execute(HttpRequest.of(requestHeaders.build(), HttpData.ofUtf8(body)));
    }

    private static JsonNode json(AggregatedHttpResponse response) throws Exception {
        return MAPPER.readTree(response.contentUtf8());
    }

    private static String sha256Prefix(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    @Test
    void answersAnyModelInOpenAisShapeMarkedWithThePromptHash() throws Exception {
        AggregatedHttpResponse response = chat("""
                {"model":"any-model-at-all","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"What is the capital of France?"}]}""");

        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        JsonNode body = json(response);
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.get("model").asText()).isEqualTo("any-model-at-all");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText())
                .startsWith("[sim " + sha256Prefix("What is the capital of France?") + "] ");
        JsonNode usage = body.get("usage");
        // 3 priming + (4 + 3 "Be brief.") + (4 + 7 "What is the capital of France ?")
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(21);
        assertThat(usage.get("completion_tokens").asInt()).isPositive();
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
    }

    @Test
    void sameQuestionSameContentOtherQuestionOtherHash() throws Exception {
        String one = json(chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"))
                .at("/choices/0/message/content").asText();
        String again = json(chat("{\"model\":\"m2\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"))
                .at("/choices/0/message/content").asText();
        String other = json(chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}"))
                .at("/choices/0/message/content").asText();
        assertThat(again).isEqualTo(one);
        assertThat(other.substring(0, 22)).isNotEqualTo(one.substring(0, 22));
    }

    @Test
    void injectsFaultsAndCountsEveryRequest() throws Exception {
        long before = sim.chatRequests();
        AggregatedHttpResponse failed = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}",
                "x-sim-status", "429");
        sim.failNext(503);
        AggregatedHttpResponse queued = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
        AggregatedHttpResponse ok = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");

        assertThat(failed.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(json(failed).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(queued.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(json(queued).at("/error/type").asText()).isEqualTo("server_error");
        assertThat(ok.status()).isEqualTo(HttpStatus.OK);
        assertThat(sim.chatRequests() - before).isEqualTo(3);
    }

    @Test
    void rejectsInvalidRequestsLikeOpenAi() throws Exception {
        AggregatedHttpResponse noMessages = chat("{\"model\":\"m\"}");
        assertThat(noMessages.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(noMessages).at("/error/param").asText()).isEqualTo("messages");
        assertThat(chat("{nope").status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void listsModels() throws Exception {
        JsonNode models = json(client.get("/v1/models"));
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.at("/data/0/object").asText()).isEqualTo("model");
    }
}
