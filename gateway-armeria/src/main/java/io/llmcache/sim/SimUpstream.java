package io.llmcache.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import java.time.Clock;
import java.util.Objects;

/**
 * A deterministic OpenAI-compatible upstream for demos, tests and benchmarks: answers any model, with
 * honest token counts, configurable latency and injectable failures. Counts the chat requests it
 * receives, so tests can prove that cache hits never reach it.
 *
 * <p>Streams ({@code "stream": true}): OpenAI {@code chat.completion.chunk} events, the first after
 * {@code LLMCACHE_SIM_LATENCY_MS}, the next ones {@code LLMCACHE_SIM_CHUNK_DELAY_MS} apart: a role chunk,
 * the {@code [sim H]} text in deltas of a few words, a finish chunk, the usage chunk when
 * {@code stream_options.include_usage} is true, then {@code data: [DONE]}.
 *
 * <p>Tool calls: when the request declares function {@code tools} and its last user message contains
 * {@code call NAME} (NAME being one of those functions, e.g. "please call get_weather for Oslo"), the
 * answer is a call of NAME with arguments {@code {"query":"<the last user message>"}} and
 * {@code finish_reason: tool_calls}; streamed, the arguments arrive in several tool-call deltas.
 *
 * <p>Embeddings ({@code POST /v1/embeddings}): a unit vector per input derived from its SHA-256, with
 * {@code dimensions} and {@code encoding_format} honoured (see {@link SimEmbeddings}).
 */
public final class SimUpstream implements AutoCloseable {

    private final Server server;
    private final SimChatService service;
    private final SimEmbeddingsService embeddings;

    private SimUpstream(Server server, SimChatService service, SimEmbeddingsService embeddings) {
        this.server = Objects.requireNonNull(server, "server");
        this.service = Objects.requireNonNull(service, "service");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    }

    public static SimUpstream start(SimConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static SimUpstream start(SimConfig config, Clock clock) {
        SimChatService service = new SimChatService(new ObjectMapper(), clock, config.latency(),
                config.chunkDelay());
        SimEmbeddingsService embeddings = new SimEmbeddingsService(new ObjectMapper(), config.latency());
        Server server = Server.builder()
                .http(config.port())
                .annotatedService(service)
                .annotatedService(embeddings)
                .build();
        server.start().join();
        return new SimUpstream(server, service, embeddings);
    }

    public int port() {
        return server.activeLocalPort();
    }

    /** Base URL to configure as the gateway's upstream, e.g. {@code http://127.0.0.1:28090/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Chat-completion requests received so far, failed ones included. */
    public long chatRequests() {
        return service.chatRequests();
    }

    /** Embeddings requests received so far, refused ones included. */
    public long embeddingsRequests() {
        return embeddings.requests();
    }

    /** Makes the next chat request (whoever sends it) fail with this status, in OpenAI's error shape. */
    public void failNext(int status) {
        service.failNext(status);
    }

    /** Streams the client abandoned before their end (cancelled or disconnected). */
    public long cancelledStreams() {
        return service.cancelledStreams();
    }

    /**
     * Holds the next stream whose last user message equals {@code lastUserMessage} after its first content
     * chunk, until the returned gate is opened or failed.
     */
    public SimStreamGate holdStream(String lastUserMessage) {
        return service.holdStream(lastUserMessage);
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
