package io.llmcache.gateway.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final EventStreams streams = new EventStreams(MAPPER);

    /** A streamed tool call with reasoning, as OpenAI-compatible providers send it, with usage asked for. */
    private static final String TOOL_STREAM = String.join("",
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\",",
            "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}],",
            "\"usage\":null}\n\n",
            ": keep-alive\n\n",
            "data: {\"id\":\"c1\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":",
            "{\"reasoning_content\":\"think \"},\"finish_reason\":null}],\"usage\":null}\r\n\r\n",
            "data: {\"id\":\"c1\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":",
            "{\"reasoning_content\":\"hard\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",",
            "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}],\"usage\":null}\n\n",
            "data: {\"id\":\"c1\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":",
            "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}],",
            "\"usage\":null}\n\n",
            "data: {\"id\":\"c1\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":",
            "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]},\"finish_reason\":null}],",
            "\"usage\":null}\n\n",
            "data: {\"id\":\"c1\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},",
            "\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n",
            "data: {\"id\":\"c1\",\"created\":7,\"model\":\"m\",\"choices\":[],",
            "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":5,\"total_tokens\":16}}\n\n",
            "data: [DONE]\n\n");

    private static List<SseEvent> decodeInPieces(byte[] bytes, int pieceSize) {
        SseDecoder decoder = new SseDecoder();
        List<SseEvent> events = new ArrayList<>();
        for (int start = 0; start < bytes.length; start += pieceSize) {
            byte[] piece = new byte[Math.min(pieceSize, bytes.length - start)];
            System.arraycopy(bytes, start, piece, 0, piece.length);
            events.addAll(decoder.feed(piece));
        }
        assertThat(decoder.hasPartialEvent()).isFalse();
        return events;
    }

    @Test
    void decodesEventsSplitAnywhereIncludingInsideMultiByteCharacters() {
        byte[] bytes = "data: {\"x\":\"héllo ✓\"}\r\n\r\nevent: error\ndata: a\ndata: b\n\n: ping\n\ndata: [DONE]\n\n"
                .getBytes(StandardCharsets.UTF_8);
        for (int size : new int[] {1, 2, 3, 7, bytes.length}) {
            assertThat(decodeInPieces(bytes, size)).as("pieces of %d bytes", size).containsExactly(
                    new SseEvent("", "{\"x\":\"héllo ✓\"}"), new SseEvent("error", "a\nb"), new SseEvent("", "[DONE]"));
        }
    }

    @Test
    void anEventWithoutItsBlankLineIsPartial() {
        SseDecoder decoder = new SseDecoder();
        assertThat(decoder.feed("data: {\"cut\":".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(decoder.hasPartialEvent()).isTrue();
    }

    @Test
    void assemblesAStreamedToolCallWithReasoningAndUsage() {
        JsonNode completion = streams.assemble(TOOL_STREAM.getBytes(StandardCharsets.UTF_8));

        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.get("id").asText()).isEqualTo("c1");
        JsonNode choice = completion.at("/choices/0");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode message = choice.get("message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("reasoning_content").asText()).isEqualTo("think hard");
        JsonNode call = message.at("/tool_calls/0");
        assertThat(call.get("id").asText()).isEqualTo("call_1");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(completion.at("/usage/total_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void replayLeavesOutTheUsageChunkOnlyWhenItWasNotAskedFor() {
        byte[] stored = TOOL_STREAM.getBytes(StandardCharsets.UTF_8);

        List<SseEvent> withUsage = new SseDecoder().feed(streams.replay(stored, true));
        List<SseEvent> withoutUsage = new SseDecoder().feed(streams.replay(stored, false));

        assertThat(withUsage).hasSize(8);
        assertThat(withUsage.get(6).data()).contains("\"prompt_tokens\":11");
        assertThat(withUsage.get(7).isDone()).isTrue();
        assertThat(withoutUsage).hasSize(7);
        assertThat(withoutUsage).noneMatch(event -> event.data().contains("usage"));
        assertThat(withoutUsage.get(6).isDone()).isTrue();
    }

    @Test
    void aCompletionRenderedAsChunksAssemblesBackToTheSameAnswer() throws Exception {
        ObjectNode completion = (ObjectNode) MAPPER.readTree("""
                {"id":"c2","object":"chat.completion","created":9,"model":"m","choices":[
                 {"index":0,"message":{"role":"assistant","content":"Hello there","refusal":null},
                  "logprobs":null,"finish_reason":"stop"},
                 {"index":1,"message":{"role":"assistant","content":null,"refusal":null,"tool_calls":[
                   {"id":"call_9","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}""");

        List<ObjectNode> chunks = new ChunkSynthesizer(MAPPER).chunks(completion, true);
        byte[] rendered = streams.render(chunks);
        JsonNode back = streams.assemble(rendered);

        assertThat(chunks).allMatch(chunk -> chunk.get("object").asText().equals("chat.completion.chunk"));
        assertThat(EventStreams.isUsageChunk(chunks.get(chunks.size() - 1))).isTrue();
        assertThat(back.get("choices")).isEqualTo(completion.get("choices"));
        assertThat(back.get("usage")).isEqualTo(completion.get("usage"));
        assertThat(new ChunkSynthesizer(MAPPER).chunks(completion, false))
                .noneMatch(chunk -> chunk.has("usage"));
    }
}
