package io.llmcache.gateway.cachekey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Computes a chat request's cache keys (DESIGN §3). The exact key is SHA-256 over the canonical JSON of
 * the tenant, the namespace, the provider-resolved model and every request field that can change the
 * answer — unknown fields included, so a new provider parameter is never silently ignored. Only fields
 * known not to change the answer are left out.
 */
public final class RequestCanonicalizer {

    /** Version of the canonical form: bump it to retire every key when the form changes. */
    static final int VERSION = 1;

    /** Delivery, attribution and storage options: they never change the generated content. */
    static final Set<String> OUTPUT_NEUTRAL_FIELDS = Set.of("model", "stream", "stream_options", "user", "store",
            "metadata");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * @param tenantId the tenant owning the entry; every key contains it
     * @param namespace the cache space inside the tenant, empty for the default
     * @param model the provider-resolved model
     * @param request the request body as sent by the client
     */
    public CacheKeys keys(String tenantId, String namespace, String model, ObjectNode request) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(model, "model");
        ObjectNode relevant = request.deepCopy();
        relevant.remove(OUTPUT_NEUTRAL_FIELDS);
        String exactKey = sha256(envelope(tenantId, namespace, model, relevant));

        Optional<String> semanticText = lastUserText(relevant.get("messages"));
        if (semanticText.isEmpty()) {
            return new CacheKeys(exactKey, "", "");
        }
        // The last user message stays in the fingerprint without its content, so its role, name and
        // position still separate contexts; only the text is left to the semantic comparison.
        ArrayNode messages = (ArrayNode) relevant.get("messages");
        ((ObjectNode) messages.get(messages.size() - 1)).remove("content");
        String fingerprint = sha256(envelope(tenantId, namespace, model, relevant));
        return new CacheKeys(exactKey, fingerprint, semanticText.get());
    }

    /**
     * The text of the last message when it is a user message whose content is a string or only text parts
     * (joined by newlines). Anything else (an image, an audio part, a tool result) has no semantic key:
     * comparing only its text would ignore what else the message carries.
     */
    public static Optional<String> lastUserText(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return Optional.empty();
        }
        JsonNode last = messages.get(messages.size() - 1);
        if (!last.isObject() || !"user".equals(last.path("role").asText(null))) {
            return Optional.empty();
        }
        JsonNode content = last.get("content");
        String text;
        if (content != null && content.isTextual()) {
            text = content.textValue();
        } else if (content != null && content.isArray() && !content.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText(null)) || !part.path("text").isTextual()) {
                    return Optional.empty();
                }
                if (!joined.isEmpty()) {
                    joined.append('\n');
                }
                joined.append(part.get("text").textValue());
            }
            text = joined.toString();
        } else {
            return Optional.empty();
        }
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    private static ObjectNode envelope(String tenantId, String namespace, String model, ObjectNode request) {
        ObjectNode envelope = NODES.objectNode();
        envelope.put("v", VERSION);
        envelope.put("tenant", tenantId);
        envelope.put("namespace", namespace);
        envelope.put("model", model);
        envelope.set("request", request);
        return envelope;
    }

    private static String sha256(JsonNode node) {
        return CanonicalJson.sha256Hex(node);
    }
}
