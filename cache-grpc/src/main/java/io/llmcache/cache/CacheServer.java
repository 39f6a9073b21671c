package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.llmcache.cache.embedding.Embedder;
import io.llmcache.cache.embedding.onnx.MiniLmEmbedder;
import io.llmcache.cache.exact.ExactTier;
import io.llmcache.cache.exact.redis.RedisExactTier;
import io.llmcache.cache.health.DependencyHealth;
import io.llmcache.cache.redis.RedisClients;
import io.llmcache.cache.semantic.MatchVerifier;
import io.llmcache.cache.semantic.SemanticMatcher;
import io.llmcache.cache.semantic.learned.LearnedVerifier;
import io.llmcache.cache.semantic.learned.VerifierModel;
import io.llmcache.cache.semantic.rules.RuleVerifier;
import io.llmcache.cache.service.CacheGrpcService;
import io.llmcache.cache.stats.HitRecorder;
import io.llmcache.cache.stats.redis.RedisLookupCounters;
import io.llmcache.cache.store.EntryStore;
import io.llmcache.cache.store.ExpirySweeper;
import io.llmcache.cache.store.pgvector.PgVectorEntryStore;
import io.llmcache.cache.store.pgvector.PostgresDataSources;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cache server: gRPC {@code CacheService}, health and reflection over Redis, PostgreSQL and the model. */
public final class CacheServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CacheServer.class);
    private static final long HIT_FLUSH_MILLIS = 1_000;

    private final Server server;
    private final HealthStatusManager health;
    private final HitRecorder hitRecorder;
    private final Deque<AutoCloseable> resources;
    private final AtomicInteger closed = new AtomicInteger();

    private CacheServer(Server server, HealthStatusManager health, HitRecorder hitRecorder,
                        Deque<AutoCloseable> resources) {
        this.server = server;
        this.health = health;
        this.hitRecorder = hitRecorder;
        this.resources = resources;
    }

    /** Migrates the schema, connects, loads the embedding model and binds; fails if a dependency is down. */
    public static CacheServer start(CacheServerConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(CacheServerConfig)}, with the clock that judges ages and expiry. */
    public static CacheServer start(CacheServerConfig config, Clock clock) throws Exception {
        requireNonNull(config, "config");
        requireNonNull(clock, "clock");
        long started = System.nanoTime();
        // Closed in reverse order of creation, on failure here or in close().
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            HikariDataSource dataSource = PostgresDataSources.pool(config.postgresUrl(), config.postgresUser(),
                    config.postgresPassword(), config.postgresPoolSize(), config.dependencyTimeout());
            resources.push(dataSource);
            PostgresDataSources.migrate(dataSource);

            RedissonClient redis = RedisClients.connect(config.redisUrl(), config.redisPoolSize(),
                    config.dependencyTimeout());
            resources.push(redis::shutdown);

            Embedder embedder = MiniLmEmbedder.load();
            EntryStore store = new PgVectorEntryStore(dataSource);
            ExactTier exactTier = new RedisExactTier(redis, config.dependencyTimeout());
            HitRecorder hitRecorder = new HitRecorder(store, clock);
            TieredCache cache = new TieredCache(exactTier, store, embedder,
                    new SemanticMatcher(embedder, store, verifier(config), config.semanticCandidates()),
                    new RedisLookupCounters(redis), hitRecorder, clock);

            ScheduledExecutorService maintenance = new ScheduledThreadPoolExecutor(2, threads("cache-maintenance"));
            resources.push(maintenance::shutdownNow);
            HealthStatusManager health = new HealthStatusManager();
            DependencyHealth dependencyHealth = new DependencyHealth(health, List.of(
                    new DependencyHealth.Probe("redis", exactTier::ping),
                    new DependencyHealth.Probe("postgres", store::ping)));
            dependencyHealth.check();
            ExpirySweeper sweeper = new ExpirySweeper(store, clock);
            scheduleQuietly(maintenance, "health check", dependencyHealth::check, config.healthCheckInterval().toMillis());
            scheduleQuietly(maintenance, "hit counter flush", hitRecorder::flush, HIT_FLUSH_MILLIS);
            scheduleQuietly(maintenance, "expiry sweep", sweeper::sweep, config.expirySweepInterval().toMillis());

            ExecutorService workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(),
                    0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(config.workerQueueSize()),
                    threads("cache-worker"));
            resources.push(() -> shutdown(workers));

            Server server = NettyServerBuilder
                    .forAddress(new InetSocketAddress(config.bindAddress(), config.port()))
                    // Handlers only hand calls to the worker pool, so they may run on the transport thread.
                    .directExecutor()
                    .maxInboundMessageSize(config.maxMessageBytes())
                    .permitKeepAliveTime(10, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .addService(new CacheGrpcService(cache, config.defaultTtl(), workers))
                    .addService(health.getHealthService())
                    .addService(ProtoReflectionServiceV1.newInstance())
                    .addService(legacyReflection())
                    .build()
                    .start();
            log.info("cache-server listening on {}:{} in {} ms ({})", config.bindAddress(), server.getPort(),
                    (System.nanoTime() - started) / 1_000_000, config);
            return new CacheServer(server, health, hitRecorder, resources);
        } catch (Exception | Error e) {
            closeAll(resources, e);
            throw e;
        }
    }

    /** The learned verifier at the configured false-hit rate, unless an expert fixed a cosine threshold. */
    private static MatchVerifier verifier(CacheServerConfig config) {
        if (config.semanticThreshold().isPresent()) {
            log.info("semantic matches: cosine >= {} plus number, negation and name rules",
                    config.semanticThreshold().getAsDouble());
            return new RuleVerifier(config.semanticThreshold().getAsDouble());
        }
        VerifierModel model = VerifierModel.bundled();
        LearnedVerifier verifier = new LearnedVerifier(model, config.semanticMaxFalseHitRate());
        log.info("semantic matches: learned verifier {} at max false-hit rate {} (score >= {}, cosine >= {})",
                model.version(), config.semanticMaxFalseHitRate(), verifier.threshold(), model.cosineFloor());
        return verifier;
    }

    /** The bound port (the configured one, or the one picked for port 0). */
    public int port() {
        return server.getPort();
    }

    /** Blocks until the server has shut down. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking calls, lets running ones finish briefly, then closes Redis and the pool. */
    @Override
    public void close() {
        if (closed.getAndIncrement() > 0) {
            return;
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        RuntimeException failure = new IllegalStateException("closing cache-server failed");
        try {
            hitRecorder.flush();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        closeAll(resources, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
        log.info("cache-server stopped");
    }

    /** grpcurl and older tools still ask the v1alpha reflection service. */
    @SuppressWarnings("deprecation")
    private static io.grpc.BindableService legacyReflection() {
        return ProtoReflectionService.newInstance();
    }

    private static void scheduleQuietly(ScheduledExecutorService scheduler, String name, Runnable task,
                                        long periodMillis) {
        // A throwing task would silently never run again, so failures are logged and the schedule kept.
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", name, e.getMessage());
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private static void shutdown(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    private static void closeAll(Deque<AutoCloseable> resources, Throwable failure) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure.addSuppressed(e);
            }
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + '-' + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
