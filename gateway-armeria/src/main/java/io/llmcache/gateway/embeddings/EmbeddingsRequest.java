package io.llmcache.gateway.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcache.gateway.chat.FieldTypes;
import io.llmcache.gateway.error.InvalidRequestException;
import java.util.Objects;
import java.util.Set;

/** An embeddings request that passed validation: the parsed body and the raw bytes sent upstream. */
record EmbeddingsRequest(ObjectNode body, byte[] raw, String model) {

    /** OpenAI's limit on the number of inputs of one request. */
    static final int MAX_INPUTS = 2048;
    private static final Set<String> ENCODING_FORMATS = Set.of("float", "base64");

    EmbeddingsRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(model, "model");
    }

    /**
     * Checks OpenAI's rules, answering 400 with the offending param: {@code input} is a non-empty string,
     * an array of 1 to 2048 non-empty strings, a token array (integers), or an array of token arrays.
     */
    static EmbeddingsRequest validate(ObjectNode body, byte[] raw) {
        String model = FieldTypes.requireModel(body);
        validateInput(body.get("input"));
        FieldTypes.check(body, FieldTypes.EMBEDDINGS);
        JsonNode format = body.get("encoding_format");
        if (format != null && !format.isNull() && !ENCODING_FORMATS.contains(format.asText())) {
            throw new InvalidRequestException("Invalid 'encoding_format': expected 'float' or 'base64', but got '"
                    + format.asText() + "'.", "encoding_format");
        }
        JsonNode dimensions = body.get("dimensions");
        if (dimensions != null && !dimensions.isNull() && dimensions.asLong() < 1) {
            throw new InvalidRequestException("Invalid 'dimensions': expected a positive integer, but got "
                    + dimensions + ".", "dimensions");
        }
        return new EmbeddingsRequest(body, raw, model);
    }

    private static void validateInput(JsonNode input) {
        if (input == null || input.isNull()) {
            throw new InvalidRequestException("Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            requireNonEmpty(input, "input");
            return;
        }
        if (!input.isArray()) {
            throw FieldTypes.wrongType("input", "a string or an array", input);
        }
        if (input.isEmpty() || input.size() > MAX_INPUTS) {
            throw new InvalidRequestException("Invalid 'input': expected an array of 1 to " + MAX_INPUTS
                    + " items, but got " + input.size() + ".", "input");
        }
        if (input.get(0).isIntegralNumber()) {
            requireTokens(input, "input");
            return;
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String param = "input[" + i + "]";
            if (item.isTextual()) {
                requireNonEmpty(item, param);
            } else if (item.isArray() && !item.isEmpty()) {
                requireTokens(item, param);
            } else {
                throw new InvalidRequestException("Invalid '" + param + "': expected a non-empty string or a "
                        + "non-empty array of integer tokens.", param);
            }
        }
    }

    private static void requireNonEmpty(JsonNode text, String param) {
        if (text.asText().isEmpty()) {
            throw new InvalidRequestException("Invalid '" + param + "': empty string. Expected a non-empty string.",
                    param);
        }
    }

    private static void requireTokens(JsonNode tokens, String param) {
        for (JsonNode token : tokens) {
            if (!token.isIntegralNumber() || token.asLong() < 0) {
                throw new InvalidRequestException("Invalid '" + param + "': a token array must contain only "
                        + "non-negative integers, but got " + token + ".", param);
            }
        }
    }
}
