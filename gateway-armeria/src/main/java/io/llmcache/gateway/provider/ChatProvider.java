package io.llmcache.gateway.provider;

import io.llmcache.gateway.error.UpstreamException;
import java.util.concurrent.CompletableFuture;

/**
 * One upstream LLM provider behind OpenAI's API contract: chat completions, embeddings and the model
 * list. Implementations translate to and from their provider's format and must report token usage.
 */
public interface ChatProvider {

    /** Provider name for usage events and prices, e.g. "openai". */
    String name();

    /**
     * Sends a non-streaming chat completion. Completes with the answer, or exceptionally with an
     * {@link UpstreamException} carrying the status and error for the client.
     *
     * @param body the client's request body (OpenAI format)
     */
    CompletableFuture<ChatCompletion> complete(byte[] body);

    /**
     * Sends a streaming chat completion. Completes as soon as the upstream accepted it, with its events
     * still to come, or exceptionally with an {@link UpstreamException} when it
     * refused, was unreachable or did not answer in time.
     *
     * @param body the request body (OpenAI format) with {@code "stream": true}; callers ask for
     *     {@code stream_options.include_usage} so that the stream ends with the tokens it cost
     */
    CompletableFuture<ChatStream> stream(byte[] body);

    /**
     * Sends an embeddings request. Completes with the answer, or exceptionally with an
     * {@link UpstreamException} carrying the status and error for the client.
     *
     * @param body the client's request body (OpenAI format)
     */
    CompletableFuture<EmbeddingsResult> embed(byte[] body);

    /**
     * Lists the upstream's models. Any failure, the upstream's own error statuses included, completes
     * exceptionally with a 502 or 504 {@link UpstreamException}: the client's request was not at fault.
     */
    CompletableFuture<ModelList> listModels();

    /** Describes a failure of a started stream's body, for the error event the client receives. */
    UpstreamException streamFailure(Throwable cause);
}
