package io.llmcache.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcache.gateway.error.InvalidRequestException;
import java.util.Objects;

/** A chat-completions request that passed validation: the parsed body and the raw bytes sent upstream. */
record ChatRequest(ObjectNode body, byte[] raw, String model) {

    ChatRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(model, "model");
    }

    /** Checks what every OpenAI-compatible upstream requires, answering 400 with the offending param. */
    static ChatRequest validate(ObjectNode body, byte[] raw) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw new InvalidRequestException("you must provide a model parameter", "model");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new InvalidRequestException("'model' must be a non-empty string; got " + model, "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages");
        }
        if (!messages.isArray()) {
            throw new InvalidRequestException("Invalid type for 'messages': expected an array of message objects, "
                    + "but got " + messages.getNodeType().name().toLowerCase() + ".", "messages");
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
        JsonNode stream = body.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            throw new InvalidRequestException("Streaming is not supported by this gateway version; send "
                    + "\"stream\": false or omit it.", "stream");
        }
        return new ChatRequest(body, raw, model.asText());
    }
}
