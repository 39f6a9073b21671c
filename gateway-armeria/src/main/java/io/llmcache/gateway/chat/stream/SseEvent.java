package io.llmcache.gateway.chat.stream;

import java.util.Objects;

/** One server-sent event: its {@code event} name (empty for the default "message") and its data. */
public record SseEvent(String event, String data) {

    /** The data of OpenAI's last event. */
    public static final String DONE = "[DONE]";

    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    public boolean isDone() {
        return DONE.equals(data);
    }
}
