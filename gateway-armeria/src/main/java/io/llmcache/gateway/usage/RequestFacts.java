package io.llmcache.gateway.usage;

import java.util.Objects;

/** What a handler learnt about a request once it was valid: enough to meter it even if it later fails. */
public record RequestFacts(String model, String provider, String namespace, boolean streaming) {

    public RequestFacts {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(namespace, "namespace");
    }
}
