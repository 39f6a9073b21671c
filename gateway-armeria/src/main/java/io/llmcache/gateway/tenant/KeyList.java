package io.llmcache.gateway.tenant;

import java.util.List;

/** A tenant's keys in OpenAI's list shape: {@code {"object":"list","data":[...]}}. */
public record KeyList(String object, List<KeyView> data) {

    public KeyList(List<KeyView> data) {
        this("list", List.copyOf(data));
    }
}
