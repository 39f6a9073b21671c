package io.llmcache.gateway.provider;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.stream.StreamMessage;
import java.util.Objects;

/**
 * A streaming upstream answer that started successfully (status 200): its body is OpenAI-format
 * server-sent events ({@code data: <chat.completion.chunk>} ... {@code data: [DONE]}), still arriving.
 * Cancelling the body's subscription cancels the upstream request.
 *
 * @param body the raw SSE bytes as they arrive; fails if the upstream breaks off or times out
 * @param startNanos {@link System#nanoTime()} when the request was sent, for the upstream latency
 */
public record ChatStream(StreamMessage<HttpData> body, long startNanos) {

    public ChatStream {
        Objects.requireNonNull(body, "body");
    }
}
