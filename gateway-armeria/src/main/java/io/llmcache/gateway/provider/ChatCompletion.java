package io.llmcache.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A successful upstream answer in OpenAI's chat-completion shape.
 *
 * @param body the response bytes exactly as received, returned to the client and stored
 * @param json the same body parsed
 * @param usage the provider-reported tokens; never absent, so no provider can skip metering
 * @param upstreamLatencyMillis time from sending the request to the last response byte
 */
public record ChatCompletion(byte[] body, String contentType, JsonNode json, TokenUsage usage,
                             long upstreamLatencyMillis) {

    public ChatCompletion {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(usage, "usage");
    }
}
