package io.llmcache.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import java.time.Clock;
import java.util.Objects;

/**
 * A deterministic OpenAI-compatible upstream for demos, tests and benchmarks: answers any model, with
 * honest token counts, configurable latency and injectable failures. Counts the chat requests it
 * receives, so tests can prove that cache hits never reach it.
 */
public final class SimUpstream implements AutoCloseable {

    private final Server server;
    private final SimChatService service;

    private SimUpstream(Server server, SimChatService service) {
        this.server = Objects.requireNonNull(server, "server");
        this.service = Objects.requireNonNull(service, "service");
    }

    public static SimUpstream start(SimConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static SimUpstream start(SimConfig config, Clock clock) {
        SimChatService service = new SimChatService(new ObjectMapper(), clock, config.latency());
        Server server = Server.builder()
                .http(config.port())
                .annotatedService(service)
                .build();
        server.start().join();
        return new SimUpstream(server, service);
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

    /** Makes the next chat request (whoever sends it) fail with this status, in OpenAI's error shape. */
    public void failNext(int status) {
        service.failNext(status);
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
