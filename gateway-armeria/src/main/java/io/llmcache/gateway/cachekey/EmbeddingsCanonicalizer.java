package io.llmcache.gateway.cachekey;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * Computes an embeddings request's cache key: SHA-256 over the canonical JSON of an {@code embeddings}
 * endpoint marker, the tenant, the namespace, the provider-resolved model and every request field but
 * the output-neutral ones. {@code encoding_format} and {@code dimensions} change the response, so they
 * are part of the key, as is any unknown field. Chat keys never carry the marker, so the two can never
 * collide. Embeddings have no semantic key: a similar input is not the same vector.
 */
public final class EmbeddingsCanonicalizer {

    /** Version of the canonical form: bump it to retire every embeddings key when the form changes. */
    static final int VERSION = 1;
    static final String ENDPOINT = "embeddings";

    /** Attribution only: never changes the vectors. */
    static final Set<String> OUTPUT_NEUTRAL_FIELDS = Set.of("model", "user");

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
        ObjectNode envelope = NODES.objectNode();
        envelope.put("v", VERSION);
        envelope.put("endpoint", ENDPOINT);
        envelope.put("tenant", tenantId);
        envelope.put("namespace", namespace);
        envelope.put("model", model);
        envelope.set("request", relevant);
        return new CacheKeys(CanonicalJson.sha256Hex(envelope), "", "");
    }
}
