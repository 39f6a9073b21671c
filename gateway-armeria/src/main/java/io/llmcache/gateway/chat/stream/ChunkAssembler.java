package io.llmcache.gateway.chat.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.annotation.Nullable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Folds the {@code chat.completion.chunk} objects of a stream into the {@code chat.completion} a
 * non-streaming request would have received: content, refusal and reasoning text concatenated, tool-call
 * deltas merged by index (arguments concatenated), logprobs appended, finish reasons and usage kept.
 */
public final class ChunkAssembler {

    /** Delta fields holding text that arrives in pieces (reasoning: DeepSeek, vLLM and OpenRouter names). */
    private static final String[] TEXT_FIELDS = {"content", "refusal", "reasoning_content", "reasoning"};

    private final ObjectMapper mapper;
    private final Map<Integer, Choice> choices = new TreeMap<>();
    private final ObjectNode envelope;
    @Nullable
    private JsonNode usage;

    public ChunkAssembler(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.envelope = mapper.createObjectNode();
    }

    /** Adds one chunk. */
    public void accept(JsonNode chunk) {
        for (String field : new String[] {"id", "created", "model", "system_fingerprint", "service_tier"}) {
            JsonNode value = chunk.get(field);
            if (value != null && !value.isNull() && !envelope.has(field)) {
                envelope.set(field, value);
            }
        }
        JsonNode chunkUsage = chunk.get("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = chunkUsage;
        }
        for (JsonNode choiceDelta : chunk.path("choices")) {
            choices.computeIfAbsent(choiceDelta.path("index").asInt(0), Choice::new).accept(choiceDelta);
        }
    }

    /** The usage the stream reported, or null when it reported none. */
    @Nullable
    public JsonNode usage() {
        return usage;
    }

    /** True when at least one choice arrived and every choice has a finish reason. */
    public boolean allChoicesFinished() {
        return !choices.isEmpty() && choices.values().stream().allMatch(choice -> choice.finishReason != null);
    }

    /** The equivalent {@code chat.completion} object. */
    public ObjectNode toCompletion() {
        ObjectNode root = mapper.createObjectNode();
        root.set("id", envelope.has("id") ? envelope.get("id") : root.textNode(""));
        root.put("object", "chat.completion");
        root.set("created", envelope.has("created") ? envelope.get("created") : root.numberNode(0));
        root.set("model", envelope.has("model") ? envelope.get("model") : root.textNode(""));
        ArrayNode out = root.putArray("choices");
        for (Choice choice : choices.values()) {
            out.add(choice.toJson());
        }
        if (usage != null) {
            root.set("usage", usage);
        }
        for (String field : new String[] {"system_fingerprint", "service_tier"}) {
            if (envelope.has(field)) {
                root.set(field, envelope.get(field));
            }
        }
        return root;
    }

    private final class Choice {

        private final int index;
        private String role = "assistant";
        private final Map<String, StringBuilder> texts = new TreeMap<>();
        private final Map<Integer, ObjectNode> toolCalls = new TreeMap<>();
        @Nullable
        private ArrayNode logprobs;
        @Nullable
        private String finishReason;

        Choice(int index) {
            this.index = index;
        }

        void accept(JsonNode choiceDelta) {
            JsonNode delta = choiceDelta.path("delta");
            if (delta.path("role").isTextual()) {
                role = delta.get("role").asText();
            }
            for (String field : TEXT_FIELDS) {
                if (delta.path(field).isTextual()) {
                    texts.computeIfAbsent(field, ignored -> new StringBuilder()).append(delta.get(field).asText());
                }
            }
            for (JsonNode call : delta.path("tool_calls")) {
                mergeToolCall(call);
            }
            JsonNode content = choiceDelta.path("logprobs").path("content");
            if (content.isArray()) {
                if (logprobs == null) {
                    logprobs = mapper.createArrayNode();
                }
                logprobs.addAll((ArrayNode) content);
            }
            if (choiceDelta.path("finish_reason").isTextual()) {
                finishReason = choiceDelta.get("finish_reason").asText();
            }
        }

        private void mergeToolCall(JsonNode call) {
            ObjectNode merged = toolCalls.computeIfAbsent(call.path("index").asInt(toolCalls.size()), ignored -> {
                ObjectNode node = mapper.createObjectNode();
                node.put("id", "");
                node.put("type", "function");
                node.putObject("function").put("name", "").put("arguments", "");
                return node;
            });
            if (call.path("id").isTextual()) {
                merged.put("id", call.get("id").asText());
            }
            if (call.path("type").isTextual()) {
                merged.put("type", call.get("type").asText());
            }
            ObjectNode function = (ObjectNode) merged.get("function");
            JsonNode delta = call.path("function");
            if (delta.path("name").isTextual()) {
                function.put("name", function.get("name").asText() + delta.get("name").asText());
            }
            if (delta.path("arguments").isTextual()) {
                function.put("arguments", function.get("arguments").asText() + delta.get("arguments").asText());
            }
        }

        ObjectNode toJson() {
            ObjectNode choice = mapper.createObjectNode();
            choice.put("index", index);
            ObjectNode message = choice.putObject("message");
            message.put("role", role);
            StringBuilder content = texts.get("content");
            if (content != null && (content.length() > 0 || toolCalls.isEmpty())) {
                message.put("content", content.toString());
            } else {
                message.putNull("content");
            }
            StringBuilder refusal = texts.get("refusal");
            if (refusal != null && refusal.length() > 0) {
                message.put("refusal", refusal.toString());
            } else {
                message.putNull("refusal");
            }
            for (Map.Entry<String, StringBuilder> text : texts.entrySet()) {
                if (text.getKey().startsWith("reasoning")) {
                    message.put(text.getKey(), text.getValue().toString());
                }
            }
            if (!toolCalls.isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                toolCalls.values().forEach(calls::add);
            }
            if (logprobs != null) {
                choice.putObject("logprobs").set("content", logprobs);
            } else {
                choice.putNull("logprobs");
            }
            choice.put("finish_reason", finishReason);
            return choice;
        }
    }
}
