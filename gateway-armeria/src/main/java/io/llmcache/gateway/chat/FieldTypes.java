package io.llmcache.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcache.gateway.error.InvalidRequestException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The JSON types of known optional request fields. A wrong type is refused here with a 400 naming the
 * field, instead of reaching the provider or, worse, the cache key; {@code null} means absent, as with
 * OpenAI. Unknown fields are not checked: they go to the provider as they are.
 */
public final class FieldTypes {

    /** An accepted JSON type, as OpenAI names it in its error messages. */
    public enum Expected {
        STRING("a string", JsonNode::isTextual),
        NUMBER("a number", JsonNode::isNumber),
        INTEGER("an integer", node -> node.isIntegralNumber()
                || node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0),
        BOOLEAN("a boolean", JsonNode::isBoolean),
        OBJECT("an object", JsonNode::isObject),
        ARRAY("an array", JsonNode::isArray),
        STRING_OR_ARRAY("a string or an array", node -> node.isTextual() || node.isArray()),
        STRING_OR_OBJECT("a string or an object", node -> node.isTextual() || node.isObject());

        private final String description;
        private final Predicate<JsonNode> accepts;

        Expected(String description, Predicate<JsonNode> accepts) {
            this.description = description;
            this.accepts = accepts;
        }
    }

    /** A known field and its type. */
    public record Field(String name, Expected expected) {
    }

    /** Chat-completion fields every OpenAI-compatible provider types the same way, checked in this order. */
    public static final List<Field> CHAT = List.of(
            new Field("temperature", Expected.NUMBER),
            new Field("top_p", Expected.NUMBER),
            new Field("frequency_penalty", Expected.NUMBER),
            new Field("presence_penalty", Expected.NUMBER),
            new Field("n", Expected.INTEGER),
            new Field("max_tokens", Expected.INTEGER),
            new Field("max_completion_tokens", Expected.INTEGER),
            new Field("seed", Expected.INTEGER),
            new Field("top_logprobs", Expected.INTEGER),
            new Field("logprobs", Expected.BOOLEAN),
            new Field("parallel_tool_calls", Expected.BOOLEAN),
            new Field("store", Expected.BOOLEAN),
            new Field("stream", Expected.BOOLEAN),
            new Field("stream_options", Expected.OBJECT),
            new Field("response_format", Expected.OBJECT),
            new Field("logit_bias", Expected.OBJECT),
            new Field("metadata", Expected.OBJECT),
            new Field("tools", Expected.ARRAY),
            new Field("tool_choice", Expected.STRING_OR_OBJECT),
            new Field("stop", Expected.STRING_OR_ARRAY),
            new Field("user", Expected.STRING));

    /** Embeddings fields besides {@code input}, whose shapes are checked on their own. */
    public static final List<Field> EMBEDDINGS = List.of(
            new Field("encoding_format", Expected.STRING),
            new Field("dimensions", Expected.INTEGER),
            new Field("user", Expected.STRING));

    private FieldTypes() {
    }

    /** Throws a 400 naming the first present, non-null field of {@code body} that has the wrong type. */
    public static void check(ObjectNode body, List<Field> fields) {
        for (Field field : fields) {
            JsonNode value = body.get(field.name());
            if (value != null && !value.isNull() && !field.expected().accepts.test(value)) {
                throw wrongType(field.name(), field.expected().description, value);
            }
        }
    }

    /** The 400 of a field with the wrong type, in OpenAI's wording. */
    /** The {@code model} every endpoint requires: a non-empty string, else 400 naming {@code model}. */
    public static String requireModel(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw new InvalidRequestException("you must provide a model parameter", "model");
        }
        if (!model.isTextual()) {
            throw wrongType("model", "a string", model);
        }
        if (model.asText().isBlank()) {
            throw new InvalidRequestException("'model' must be a non-empty string.", "model");
        }
        return model.asText();
    }

    public static InvalidRequestException wrongType(String param, String expected, JsonNode got) {
        return new InvalidRequestException("Invalid type for '" + param + "': expected " + expected
                + ", but got " + typeName(got) + " instead.", param);
    }

    private static String typeName(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }
}
