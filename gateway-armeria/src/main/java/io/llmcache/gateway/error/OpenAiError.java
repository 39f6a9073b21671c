package io.llmcache.gateway.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import com.linecorp.armeria.common.annotation.Nullable;

/** OpenAI's error object: {@code {"error":{"message","type","param","code"}}}. */
public record OpenAiError(String message, String type, @Nullable String code, @Nullable String param) {

    public OpenAiError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(type, "type");
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }

    /** Reads an OpenAI-shaped error body; null when the body has another shape. */
    @Nullable
    public static OpenAiError fromJson(@Nullable JsonNode body) {
        if (body == null || !body.path("error").isObject()) {
            return null;
        }
        JsonNode error = body.get("error");
        JsonNode message = error.get("message");
        if (message == null || !message.isTextual()) {
            return null;
        }
        return new OpenAiError(message.asText(), textOr(error.get("type"), "api_error"),
                textOr(error.get("code"), null), textOr(error.get("param"), null));
    }

    @Nullable
    private static String textOr(@Nullable JsonNode node, @Nullable String fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        // OpenAI sometimes sends numeric codes; keep them as text.
        return node.isValueNode() ? node.asText() : fallback;
    }
}
