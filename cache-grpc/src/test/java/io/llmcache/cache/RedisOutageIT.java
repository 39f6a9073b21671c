package io.llmcache.cache;

import static io.llmcache.cache.TestRequests.key;
import static io.llmcache.cache.TestRequests.lookup;
import static io.llmcache.cache.TestRequests.scope;
import static io.llmcache.cache.TestRequests.store;
import static io.llmcache.cache.TestRequests.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmcache.proto.v1.CacheScope;
import io.llmcache.proto.v1.CacheServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A private Redis is killed under a running server: calls must fail UNAVAILABLE, not hang. */
class RedisOutageIT {
    private Process redis;
    private CacheServer server;
    private ManagedChannel channel;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void lookupFailsUnavailableFastWhenRedisDies() throws Exception {
        int redisPort = freePort();
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitListening(redisPort);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LLMCACHE_REDIS_URL", "redis://127.0.0.1:" + redisPort);
        env.put("LLMCACHE_CACHE_HEALTH_INTERVAL_MS", "200");
        env.put("LLMCACHE_CACHE_PORT", "0");
        server = CacheServer.start(CacheServerConfig.fromEnv(env));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        CacheScope scope = scope(tenant(), "");
        String exactKey = key();
        stub().store(store(scope, exactKey, "", "").build());
        assertThat(stub().lookup(lookup(scope, exactKey, "", "").build()).getHit()).isTrue();

        redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        long started = System.nanoTime();
        // The deadline is generous: the point is that the server answers UNAVAILABLE rather than hanging.
        assertThatThrownBy(() -> stub().lookup(lookup(scope, exactKey, "", "").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        System.out.printf("Lookup with Redis down answered UNAVAILABLE in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(awaitHealth(ServingStatus.NOT_SERVING)).isEqualTo(ServingStatus.NOT_SERVING);
    }

    private CacheServiceGrpc.CacheServiceBlockingStub stub() {
        return CacheServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private ServingStatus awaitHealth(ServingStatus wanted) throws InterruptedException {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        ServingStatus status = null;
        for (int attempt = 0; attempt < 50 && status != wanted; attempt++) {
            status = health.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            Thread.sleep(100);
        }
        return status;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port);
    }
}
