package io.llmcache.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.llmcache.gateway.chat.stream.SseDecoder;
import io.llmcache.gateway.chat.stream.SseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated upstream's streams and tool calls, read with a plain HTTP client. */
class SimStreamingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOOLS = """
            "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},
                     {"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}]""";
    private static SimUpstream sim;
    private static BlockingWebClient client;

    @BeforeAll
    static void start() {
        sim = SimUpstream.start(new SimConfig(0, Duration.ZERO, Duration.ofMillis(1)));
        client = WebClient.of("http://127.0.0.1:" + sim.port()).blocking();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static AggregatedHttpResponse post(String body) {
        return client.prepare().post("/v1/chat/completions").content(MediaType.JSON_UTF_8, body).execute();
    }

    private static List<JsonNode> chunks(AggregatedHttpResponse response) throws Exception {
        List<SseEvent> events = new SseDecoder().feed(response.content().array());
        assertThat(events.get(events.size() - 1).isDone()).as("the stream ends with [DONE]").isTrue();
        List<JsonNode> chunks = new ArrayList<>();
        for (SseEvent event : events.subList(0, events.size() - 1)) {
            chunks.add(MAPPER.readTree(event.data()));
        }
        return chunks;
    }

    @Test
    void streamsTheSameAnswerInSeveralContentDeltas() throws Exception {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Name a prime number.\"}]";
        JsonNode whole = MAPPER.readTree(post("{\"model\":\"m\"," + messages + "}").contentUtf8());

        AggregatedHttpResponse streamed = post("{\"model\":\"m\",\"stream\":true," + messages + "}");

        assertThat(streamed.status()).isEqualTo(HttpStatus.OK);
        assertThat(streamed.contentType().is(MediaType.EVENT_STREAM)).isTrue();
        List<JsonNode> chunks = chunks(streamed);
        StringBuilder text = new StringBuilder();
        long contentDeltas = 0;
        for (JsonNode chunk : chunks) {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.has("usage")).as("no usage unless asked for").isFalse();
            JsonNode content = chunk.at("/choices/0/delta/content");
            if (content.isTextual() && !content.asText().isEmpty()) {
                contentDeltas++;
                text.append(content.asText());
            }
        }
        assertThat(contentDeltas).isGreaterThan(3);
        assertThat(text.toString()).isEqualTo(whole.at("/choices/0/message/content").asText());
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void endsWithTheUsageChunkWhenAskedFor() throws Exception {
        List<JsonNode> chunks = chunks(post("""
                {"model":"m","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Name a prime number."}]}"""));

        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(chunk -> chunk.get("usage").isNull());
    }

    @Test
    void callsTheToolTheLastUserMessageNamesInBothForms() throws Exception {
        String prompt = "Please call get_time for Oslo.";
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]";
        JsonNode whole = MAPPER.readTree(post("{\"model\":\"m\"," + TOOLS + "," + messages + "}").contentUtf8());

        JsonNode choice = whole.at("/choices/0");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.at("/message/content").isNull()).isTrue();
        JsonNode call = choice.at("/message/tool_calls/0");
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_time");
        assertThat(MAPPER.readTree(call.at("/function/arguments").asText()).get("query").asText()).isEqualTo(prompt);

        List<JsonNode> chunks = chunks(post("{\"model\":\"m\",\"stream\":true," + TOOLS + "," + messages + "}"));
        StringBuilder arguments = new StringBuilder();
        int argumentDeltas = 0;
        for (JsonNode chunk : chunks) {
            JsonNode delta = chunk.at("/choices/0/delta/tool_calls/0");
            if (delta.at("/function/name").isTextual()) {
                assertThat(delta.at("/function/name").asText()).isEqualTo("get_time");
                assertThat(delta.get("id").asText()).isEqualTo(call.get("id").asText());
            }
            if (delta.at("/function/arguments").isTextual() && !delta.at("/function/arguments").asText().isEmpty()) {
                argumentDeltas++;
                arguments.append(delta.at("/function/arguments").asText());
            }
        }
        assertThat(argumentDeltas).isGreaterThan(1);
        assertThat(arguments.toString()).isEqualTo(call.at("/function/arguments").asText());
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void withoutToolsOrWithoutTheCallPhraseItAnswersInText() throws Exception {
        JsonNode noTools = MAPPER.readTree(post("""
                {"model":"m","messages":[{"role":"user","content":"Please call get_time for Oslo."}]}""")
                .contentUtf8());
        JsonNode noPhrase = MAPPER.readTree(post("{\"model\":\"m\"," + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What time is it?\"}]}").contentUtf8());

        assertThat(noTools.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(noPhrase.at("/choices/0/message/content").asText()).startsWith("[sim ");
    }

    @Test
    void aGateHoldsAStreamUntilOpened() throws Exception {
        SimStreamGate gate = sim.holdStream("Hold me.");
        var response = WebClient.of("http://127.0.0.1:" + sim.port()).prepare().post("/v1/chat/completions")
                .content(MediaType.JSON_UTF_8,
                        "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hold me.\"}]}")
                .execute().aggregate();

        gate.reached().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response).isNotDone();
        gate.open();

        String body = response.get(10, java.util.concurrent.TimeUnit.SECONDS).content().toString(StandardCharsets.UTF_8);
        assertThat(body).endsWith("data: [DONE]\n\n");
        assertThat(gate.ended().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(SimStreamGate.End.COMPLETED);
    }
}
