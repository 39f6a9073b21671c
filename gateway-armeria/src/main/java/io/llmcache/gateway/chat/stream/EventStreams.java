package io.llmcache.gateway.chat.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.annotation.Nullable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * OpenAI event streams as the gateway stores and serves them. A stored stream is every chunk the upstream
 * sent, usage chunk included, each as {@code data: <json>}, then {@code data: [DONE]}. What a client sees
 * of it depends on whether it asked for {@code stream_options.include_usage}: if not, the usage chunk and
 * the {@code "usage": null} placeholders are left out, exactly as OpenAI would have streamed it.
 */
public final class EventStreams {

    public static final String CONTENT_TYPE = "text/event-stream";
    private static final byte[] DONE_EVENT = event(SseEvent.DONE);

    private final ObjectMapper mapper;

    public EventStreams(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public static boolean isEventStream(String contentType) {
        return contentType.regionMatches(true, 0, CONTENT_TYPE, 0, CONTENT_TYPE.length());
    }

    /** The bytes of one {@code data:} event. */
    public static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] doneEvent() {
        return DONE_EVENT.clone();
    }

    /** True for the chunk that only carries the usage ({@code "choices": []}). */
    public static boolean isUsageChunk(JsonNode chunk) {
        return chunk.path("usage").isObject() && chunk.path("choices").isEmpty();
    }

    /**
     * The data to send the client for one upstream chunk, or null to send nothing.
     *
     * @param data the chunk's data as received, sent unchanged whenever possible
     */
    @Nullable
    public String forClient(String data, JsonNode chunk, boolean includeUsage) {
        if (includeUsage || !chunk.has("usage")) {
            return data;
        }
        if (isUsageChunk(chunk)) {
            return null;
        }
        ObjectNode stripped = ((ObjectNode) chunk).deepCopy();
        stripped.remove("usage");
        return write(stripped);
    }

    /** A stored stream as the client should see it, ending with {@code [DONE]}. */
    public byte[] replay(byte[] stored, boolean includeUsage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SseEvent event : new SseDecoder().feed(stored)) {
            if (event.isDone()) {
                continue;
            }
            JsonNode chunk = parse(event.data());
            String data = chunk == null ? event.data() : forClient(event.data(), chunk, includeUsage);
            if (data != null) {
                out.writeBytes(event(data));
            }
        }
        out.writeBytes(DONE_EVENT);
        return out.toByteArray();
    }

    /** A stored stream as the {@code chat.completion} a non-streaming request expects. */
    public ObjectNode assemble(byte[] stored) {
        ChunkAssembler assembler = new ChunkAssembler(mapper);
        for (SseEvent event : new SseDecoder().feed(stored)) {
            JsonNode chunk = event.isDone() ? null : parse(event.data());
            if (chunk != null) {
                assembler.accept(chunk);
            }
        }
        return assembler.toCompletion();
    }

    /** Chunks rendered as a complete event stream ending with {@code [DONE]}. */
    public byte[] render(List<ObjectNode> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ObjectNode chunk : chunks) {
            out.writeBytes(event(write(chunk)));
        }
        out.writeBytes(DONE_EVENT);
        return out.toByteArray();
    }

    /** The chunk's JSON, or null when the data is not a JSON object. */
    @Nullable
    public JsonNode parse(String data) {
        try {
            JsonNode node = mapper.readTree(data);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
