package io.llmcache.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.llmcache.cache.CacheServer;
import io.llmcache.cache.CacheServerConfig;
import io.llmcache.gateway.cachekey.CacheKeys;
import io.llmcache.gateway.cachekey.RequestCanonicalizer;
import io.llmcache.proto.v1.CacheMode;
import io.llmcache.proto.v1.CacheScope;
import io.llmcache.proto.v1.CacheServiceGrpc;
import io.llmcache.proto.v1.LookupRequest;
import io.llmcache.sim.SimConfig;
import io.llmcache.sim.SimUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real services every *IT talks to, started once per test JVM: the simulated upstream, an in-process
 * cache server (real Redis and PostgreSQL) and a gateway (real PostgreSQL and Kafka), all on ephemeral
 * ports. Test classes isolate themselves with fresh tenants created through the admin API.
 */
public final class IntegrationEnvironment implements BeforeAllCallback {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Services services;

    @Override
    public void beforeAll(ExtensionContext context) {
        services = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Services.class, ignored -> Services.start(), Services.class);
    }

    public SimUpstream sim() {
        return services.sim;
    }

    public String adminToken() {
        return services.adminToken;
    }

    public BlockingWebClient client() {
        return services.client;
    }

    /** Settings of another gateway sharing the same services; tests may override some of them. */
    public Map<String, String> gatewayEnv() {
        return new HashMap<>(services.env);
    }

    public String usageTopic() {
        return services.env.get("LLMCACHE_USAGE_TOPIC");
    }

    /** A fresh tenant with one API key, made through the admin API. */
    public TestTenant newTenant(String name) {
        JsonNode tenant = json(post(client(), "/api/tenants", adminToken(),
                "{\"name\":\"" + name + "\",\"plan\":\"startup\"}", HttpStatus.CREATED));
        String tenantId = tenant.get("id").asText();
        JsonNode key = json(post(client(), "/api/tenants/" + tenantId + "/keys", adminToken(),
                "{\"name\":\"it\"}", HttpStatus.CREATED));
        return new TestTenant(tenantId, key.get("id").asText(), key.get("key").asText());
    }

    /** POST /v1/chat/completions with a key (null sends none) and extra header name/value pairs. */
    public static AggregatedHttpResponse chat(BlockingWebClient client, String key, String body, String... headers) {
        RequestHeadersBuilder builder = RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                .contentType(MediaType.JSON_UTF_8);
        if (key != null) {
            builder.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.add(headers[i], headers[i + 1]);
        }
        return client.execute(HttpRequest.of(builder.build(), HttpData.ofUtf8(body)));
    }

    public AggregatedHttpResponse chat(String key, String body, String... headers) {
        return chat(client(), key, body, headers);
    }

    public static AggregatedHttpResponse post(BlockingWebClient client, String path, String bearer, String body,
                                              HttpStatus expected) {
        AggregatedHttpResponse response = post(client, path, bearer, body);
        if (!response.status().equals(expected)) {
            throw new AssertionError("POST " + path + " answered " + response.status() + ": " + response.contentUtf8());
        }
        return response;
    }

    public static AggregatedHttpResponse post(BlockingWebClient client, String path, String bearer, String body) {
        RequestHeadersBuilder builder = RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8);
        if (bearer != null) {
            builder.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
        }
        return client.execute(HttpRequest.of(builder.build(), HttpData.ofUtf8(body)));
    }

    public static JsonNode json(AggregatedHttpResponse response) {
        try {
            return MAPPER.readTree(response.contentUtf8());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.contentUtf8(), e);
        }
    }

    /** A chat body with one system and one user message. */
    public static String chatBody(String model, String system, String question) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", model);
        body.putArray("messages")
                .add(MAPPER.createObjectNode().put("role", "system").put("content", system))
                .add(MAPPER.createObjectNode().put("role", "user").put("content", question));
        return body.toString();
    }

    /**
     * Waits until the background store of a request's answer has reached the cache server, so the next
     * identical request is deterministic; fails after 15 s.
     */
    public void awaitStored(String tenantId, String body) throws InterruptedException {
        CacheKeys keys = keysOf(tenantId, body);
        LookupRequest lookup = LookupRequest.newBuilder()
                .setScope(CacheScope.newBuilder().setTenantId(tenantId))
                .setExactKey(keys.exactKey())
                .setMode(CacheMode.CACHE_MODE_EXACT)
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (services.cacheStub.lookup(lookup).getHit()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the answer to " + body + " was not stored within 15 s");
    }

    /** True when the cache server holds an entry under the request's exact key. */
    public boolean isStored(String tenantId, String body) {
        CacheKeys keys = keysOf(tenantId, body);
        return services.cacheStub.lookup(LookupRequest.newBuilder()
                .setScope(CacheScope.newBuilder().setTenantId(tenantId))
                .setExactKey(keys.exactKey())
                .setMode(CacheMode.CACHE_MODE_EXACT)
                .build()).getHit();
    }

    private static CacheKeys keysOf(String tenantId, String body) {
        ObjectNode request = new io.llmcache.gateway.json.Json().readObject(body.getBytes(StandardCharsets.UTF_8));
        return new RequestCanonicalizer().keys(tenantId, "", request.get("model").asText(), request);
    }

    /** A port nothing listens on. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tenant made for one test class, with its one API key. */
    public record TestTenant(String tenantId, String keyId, String key) {
    }

    private static final class Services implements ExtensionContext.Store.CloseableResource {

        final SimUpstream sim;
        final CacheServer cacheServer;
        final Gateway gateway;
        final String adminToken;
        final Map<String, String> env;
        final BlockingWebClient client;
        final CacheServiceGrpc.CacheServiceBlockingStub cacheStub;

        private Services(SimUpstream sim, CacheServer cacheServer, Gateway gateway, String adminToken,
                         Map<String, String> env) {
            this.sim = sim;
            this.cacheServer = cacheServer;
            this.gateway = gateway;
            this.adminToken = adminToken;
            this.env = Map.copyOf(env);
            this.client = WebClient.builder("http://127.0.0.1:" + gateway.port())
                    .responseTimeout(Duration.ofSeconds(30)).build().blocking();
            this.cacheStub = GrpcClients.builder("http://127.0.0.1:" + cacheServer.port())
                    .build(CacheServiceGrpc.CacheServiceBlockingStub.class);
        }

        static Services start() {
            SimUpstream sim = SimUpstream.start(new SimConfig(0, Duration.ofMillis(5)));
            CacheServer cacheServer;
            try {
                cacheServer = CacheServer.start(CacheServerConfig.fromEnv(System.getenv()).withPort(0));
            } catch (Exception e) {
                sim.close();
                throw new IllegalStateException("the cache server did not start", e);
            }
            String adminToken = "it-admin-" + UUID.randomUUID();
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("LLMCACHE_GATEWAY_PORT", "0");
            env.put("LLMCACHE_CACHE_ADDRESS", "127.0.0.1:" + cacheServer.port());
            env.put("LLMCACHE_UPSTREAM_BASE_URL", sim.baseUrl());
            env.put("LLMCACHE_ADMIN_TOKEN", adminToken);
            env.putIfAbsent("LLMCACHE_USAGE_TOPIC", "llmcache.usage.v1");
            // Semantics, not timing, are under test: a loaded CI machine must not turn a lookup into a bypass.
            env.put("LLMCACHE_LOOKUP_DEADLINE_MS", "5000");
            try {
                return new Services(sim, cacheServer, Gateway.start(GatewayConfig.fromEnv(env)), adminToken, env);
            } catch (RuntimeException e) {
                cacheServer.close();
                sim.close();
                throw e;
            }
        }

        @Override
        public void close() {
            gateway.close();
            cacheServer.close();
            sim.close();
        }
    }
}
