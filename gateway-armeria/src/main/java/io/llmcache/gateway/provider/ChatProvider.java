package io.llmcache.gateway.provider;

import java.util.concurrent.CompletableFuture;

/**
 * One upstream LLM provider behind the OpenAI chat-completions contract. Implementations translate
 * to and from their provider's format and must report token usage.
 */
public interface ChatProvider {

    /** Provider name for usage events and prices, e.g. "openai". */
    String name();

    /**
     * Sends a non-streaming chat completion. Completes with the answer, or exceptionally with an
     * {@link io.llmcache.gateway.error.UpstreamException} carrying the status and error for the client.
     *
     * @param body the client's request body (OpenAI format)
     */
    CompletableFuture<ChatCompletion> complete(byte[] body);
}
