package io.llmcache.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcache.gateway.error.InvalidRequestException;
import io.llmcache.gateway.json.Json;
import java.util.Objects;

/**
 * A chat-completions request that passed validation: the parsed body and the raw bytes sent upstream.
 *
 * @param streaming {@code "stream": true}
 * @param includeUsage {@code stream_options.include_usage}: the client wants the usage chunk of a stream
 */
record ChatRequest(ObjectNode body, byte[] raw, String model, boolean streaming, boolean includeUsage) {

    ChatRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(model, "model");
    }

    /** Checks what every OpenAI-compatible upstream requires, answering 400 with the offending param. */
    static ChatRequest validate(ObjectNode body, byte[] raw) {
        String model = FieldTypes.requireModel(body);
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages");
        }
        if (!messages.isArray()) {
            throw FieldTypes.wrongType("messages", "an array of message objects", messages);
        }
        if (messages.isEmpty()) {
            throw new InvalidRequestException("Invalid 'messages': empty array. Expected an array with minimum "
                    + "length 1, but got an empty array instead.", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject() || !message.path("role").isTextual()) {
                throw new InvalidRequestException("Invalid 'messages[" + i + "]': expected an object with a string "
                        + "'role'.", "messages[" + i + "]");
            }
        }
        FieldTypes.check(body, FieldTypes.CHAT);
        JsonNode stream = body.get("stream");
        return new ChatRequest(body, raw, model, stream != null && stream.asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false));
    }

    /**
     * The body to stream upstream: the client's own bytes when it asked for the usage chunk, else a copy
     * asking for it, since the tokens of every stream are metered. The client never sees a usage chunk it
     * did not ask for.
     */
    byte[] upstreamStreamBody(Json json) {
        if (includeUsage) {
            return raw;
        }
        ObjectNode copy = body.deepCopy();
        JsonNode options = copy.get("stream_options");
        (options instanceof ObjectNode object ? object : copy.putObject("stream_options"))
                .put("include_usage", true);
        return json.write(copy);
    }
}
