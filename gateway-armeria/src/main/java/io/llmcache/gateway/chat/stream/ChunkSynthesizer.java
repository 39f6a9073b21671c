package io.llmcache.gateway.chat.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a {@code chat.completion} as the chunks OpenAI would have streamed for it, so a cached
 * non-streaming answer can serve a streaming request: per choice a role chunk, one chunk each for the
 * reasoning, content, refusal and tool calls present, a finish chunk; then the usage chunk when asked for.
 */
public final class ChunkSynthesizer {

    private static final String[] TEXT_FIELDS = {"reasoning_content", "reasoning", "content", "refusal"};

    private final ObjectMapper mapper;

    public ChunkSynthesizer(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public List<ObjectNode> chunks(JsonNode completion, boolean includeUsage) {
        List<ObjectNode> chunks = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode message = choice.path("message");
            ObjectNode role = chunk(completion, includeUsage, index);
            ObjectNode roleDelta = (ObjectNode) role.at("/choices/0/delta");
            roleDelta.put("role", message.path("role").asText("assistant"));
            roleDelta.put("content", "");
            chunks.add(role);
            for (String field : TEXT_FIELDS) {
                JsonNode text = message.get(field);
                if (text != null && text.isTextual() && !text.asText().isEmpty()) {
                    ObjectNode part = chunk(completion, includeUsage, index);
                    ((ObjectNode) part.at("/choices/0/delta")).put(field, text.asText());
                    chunks.add(part);
                }
            }
            JsonNode toolCalls = message.path("tool_calls");
            for (int i = 0; i < toolCalls.size(); i++) {
                ObjectNode part = chunk(completion, includeUsage, index);
                ObjectNode call = ((ObjectNode) part.at("/choices/0/delta")).putArray("tool_calls").addObject();
                call.put("index", i);
                call.setAll((ObjectNode) toolCalls.get(i).deepCopy());
                chunks.add(part);
            }
            ObjectNode finish = chunk(completion, includeUsage, index);
            ((ObjectNode) finish.get("choices").get(0)).set("finish_reason", choice.get("finish_reason"));
            if (choice.path("logprobs").isObject()) {
                ((ObjectNode) finish.get("choices").get(0)).set("logprobs", choice.get("logprobs"));
            }
            chunks.add(finish);
        }
        if (includeUsage && completion.path("usage").isObject()) {
            ObjectNode usage = envelope(completion);
            usage.putArray("choices");
            usage.set("usage", completion.get("usage"));
            chunks.add(usage);
        }
        return chunks;
    }

    private ObjectNode chunk(JsonNode completion, boolean includeUsage, int index) {
        ObjectNode chunk = envelope(completion);
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", index);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private ObjectNode envelope(JsonNode completion) {
        ObjectNode chunk = mapper.createObjectNode();
        chunk.set("id", completion.path("id").deepCopy());
        chunk.put("object", "chat.completion.chunk");
        chunk.set("created", completion.path("created").deepCopy());
        chunk.set("model", completion.path("model").deepCopy());
        if (completion.has("system_fingerprint")) {
            chunk.set("system_fingerprint", completion.get("system_fingerprint"));
        }
        return chunk;
    }
}
