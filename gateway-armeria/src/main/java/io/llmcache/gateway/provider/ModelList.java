package io.llmcache.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The upstream's models in OpenAI's list shape ({@code {"object":"list","data":[{"id",...}]}}).
 *
 * @param body the response bytes exactly as received
 */
public record ModelList(byte[] body, String contentType, JsonNode json) {

    public ModelList {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(json, "json");
    }
}
