package io.llmcache.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A successful upstream answer in OpenAI's embeddings shape ({@code {"object":"list","data":[...],"usage"}}).
 *
 * @param body the response bytes exactly as received, returned to the client and stored
 * @param json the same body parsed
 * @param promptTokens the provider-reported input tokens; never absent, so no provider can skip metering
 * @param upstreamLatencyMillis time from sending the request to the last response byte
 */
public record EmbeddingsResult(byte[] body, String contentType, JsonNode json, long promptTokens,
                               long upstreamLatencyMillis) {

    public EmbeddingsResult {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(json, "json");
        if (promptTokens < 0) {
            throw new IllegalArgumentException("negative prompt tokens: " + promptTokens);
        }
    }
}
