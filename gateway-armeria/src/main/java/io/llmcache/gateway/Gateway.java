package io.llmcache.gateway;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.server.Server;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.health.v1.HealthGrpc;
import io.llmcache.gateway.auth.ApiKeys;
import io.llmcache.gateway.auth.Authentication;
import io.llmcache.gateway.auth.KeyUsageTracker;
import io.llmcache.gateway.cache.ResponseCache;
import io.llmcache.gateway.cache.grpc.CacheServerHealthIndicator;
import io.llmcache.gateway.cache.grpc.GrpcResponseCache;
import io.llmcache.gateway.cachekey.RequestCanonicalizer;
import io.llmcache.gateway.cachekey.EmbeddingsCanonicalizer;
import io.llmcache.gateway.chat.ChatCompletionsService;
import io.llmcache.gateway.db.Database;
import io.llmcache.gateway.db.PostgresHealthIndicator;
import io.llmcache.gateway.error.ApiErrorHandler;
import io.llmcache.gateway.health.HealthService;
import io.llmcache.gateway.embeddings.EmbeddingsService;
import io.llmcache.gateway.ids.UuidV7Generator;
import io.llmcache.gateway.json.Json;
import io.llmcache.gateway.plan.PlanCatalog;
import io.llmcache.gateway.models.ModelListCache;
import io.llmcache.gateway.models.ModelsService;
import io.llmcache.gateway.provider.ChatProvider;
import io.llmcache.gateway.provider.openai.OpenAiChatProvider;
import io.llmcache.gateway.requestid.RequestIds;
import io.llmcache.gateway.stats.StatsRepository;
import io.llmcache.gateway.stats.StatsService;
import io.llmcache.gateway.tenant.TenantAdminService;
import io.llmcache.gateway.tenant.TenantRepository;
import io.llmcache.gateway.usage.PriceTable;
import io.llmcache.gateway.usage.UsageEvents;
import io.llmcache.gateway.usage.UsageMetering;
import io.llmcache.gateway.usage.kafka.KafkaHealthIndicator;
import io.llmcache.gateway.usage.kafka.KafkaUsageSink;
import io.llmcache.gateway.usage.kafka.UsageTopic;
import io.llmcache.gateway.usage.spool.SpoolingUsagePublisher;
import io.llmcache.gateway.usage.spool.UsageSpool;
import io.llmcache.gateway.usage.report.UsageReportRepository;
import io.llmcache.gateway.usage.report.UsageReportService;
import io.llmcache.gateway.usage.spool.UsageSpoolHealthIndicator;
import io.llmcache.proto.v1.CacheServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running gateway: wires every component from its config and owns their lifecycles. */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    static final String PRICE_FILE = "prices/v1.json";
    static final String PLAN_FILE = "plans/v1.json";
    /** Also how long another instance may still accept a key revoked through this one. */
    private static final Duration AUTH_CACHE_TTL = Duration.ofSeconds(30);
    private static final Duration KEY_LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final Duration KEY_LAST_USED_FLUSH_EVERY = Duration.ofSeconds(2);
    /** Model lists change rarely; a minute keeps clients that poll them off the upstream. */
    private static final Duration MODEL_LIST_TTL = Duration.ofMinutes(1);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DEPENDENCY_PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration KAFKA_HEALTH_TTL = Duration.ofSeconds(5);
    private static final Duration KAFKA_MAX_BLOCK = Duration.ofSeconds(1);
    /** Short, so an outage moves events to the spool within seconds. */
    private static final Duration KAFKA_DELIVERY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TOPIC_ENSURE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_UPSTREAM_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final Server server;
    /** Closed in reverse order of opening: the server first, the database last. */
    private final Deque<AutoCloseable> resources;

    private Gateway(Server server, Deque<AutoCloseable> resources) {
        this.server = Objects.requireNonNull(server, "server");
        this.resources = resources;
    }

    public static Gateway start(GatewayConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Migrates the database, connects the clients and binds the port; fails if PostgreSQL is unreachable. */
    public static Gateway start(GatewayConfig config, Clock clock) {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            Json json = new Json();
            UuidV7Generator ids = new UuidV7Generator(clock, new SecureRandom());

            HikariDataSource dataSource = Database.openAndMigrate(config);
            resources.push(dataSource);

            ClientFactory clientFactory = ClientFactory.builder().build();
            resources.push(clientFactory);
            String cacheUri = "http://" + config.cacheAddress();
            ResponseCache cache = new GrpcResponseCache(
                    GrpcClients.builder(cacheUri).factory(clientFactory).build(CacheServiceGrpc.CacheServiceStub.class),
                    config.lookupDeadline(), config.storeDeadline());
            CacheServerHealthIndicator cacheHealth = new CacheServerHealthIndicator(
                    GrpcClients.builder(cacheUri).factory(clientFactory).build(HealthGrpc.HealthStub.class),
                    config.cacheAddress(), DEPENDENCY_PROBE_TIMEOUT);

            ChatProvider provider = new OpenAiChatProvider(WebClient.builder(config.upstreamBaseUrl())
                    .factory(clientFactory)
                    .responseTimeout(config.upstreamTimeout())
                    .maxResponseLength(MAX_UPSTREAM_RESPONSE_BYTES)
                    .build(), config.upstreamApiKey(), config.upstreamTimeout(), json);

            Admin kafkaAdmin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
                    AdminClientConfig.CLIENT_ID_CONFIG, "llmcache-gateway-admin",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TOPIC_ENSURE_TIMEOUT.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TOPIC_ENSURE_TIMEOUT.toMillis()));
            resources.push(() -> kafkaAdmin.close(Duration.ofSeconds(2)));
            UsageTopic.ensure(kafkaAdmin, config.usageTopic(), TOPIC_ENSURE_TIMEOUT);
            UsageSpool spool = openSpool(config, clock);
            resources.push(spool);
            SpoolingUsagePublisher publisher = new SpoolingUsagePublisher(new KafkaUsageSink(
                    KafkaUsageSink.newProducer(config.kafkaBootstrap(), KAFKA_MAX_BLOCK, KAFKA_DELIVERY_TIMEOUT),
                    config.usageTopic()), spool, KAFKA_DELIVERY_TIMEOUT.plusSeconds(2));
            resources.push(publisher);

            TenantRepository tenants = new TenantRepository(dataSource);
            PlanCatalog plans = PlanCatalog.load(PLAN_FILE, json.mapper());
            KeyUsageTracker keyUsage = KeyUsageTracker.start(tenants, clock, KEY_LAST_USED_RESOLUTION,
                    KEY_LAST_USED_FLUSH_EVERY);
            resources.push(keyUsage);
            Authentication auth = new Authentication(config.adminToken(), tenants, AUTH_CACHE_TTL, keyUsage);
            UsageEvents usageEvents = new UsageEvents(ids, PriceTable.load(PRICE_FILE, json.mapper()));
            UsageMetering metering = new UsageMetering("chat.completions", usageEvents, publisher, clock);
            UsageMetering embeddingsMetering = new UsageMetering("embeddings", usageEvents, publisher, clock);

            Server server = Server.builder()
                    .http(config.port())
                    .maxRequestLength(config.maxRequestBytes())
                    // The upstream's own timeout must fire first, so the client gets a 504 in OpenAI's shape.
                    .requestTimeout(config.upstreamTimeout().plus(config.lookupDeadline()).plusSeconds(5))
                    .errorHandler(new ApiErrorHandler(json))
                    // ApiErrorHandler logs every 5xx; 4xx are the client's business, not log noise.
                    .unloggedExceptionsReportInterval(Duration.ZERO)
                    .decorator(new RequestIds(ids))
                    .annotatedService()
                        .decorator(metering)
                        .decorator(auth.decorator())
                        .build(new ChatCompletionsService(new RequestCanonicalizer(), cache, provider, json))
                    .annotatedService()
                        .decorator(embeddingsMetering)
                        .decorator(auth.decorator())
                        .build(new EmbeddingsService(new EmbeddingsCanonicalizer(), cache, provider, json))
                    .annotatedService()
                        .decorator(auth.decorator())
                        .build(new ModelsService(new ModelListCache(provider, MODEL_LIST_TTL, clock)))
                    .annotatedService()
                        .decorator(auth.decorator())
                        .build(new TenantAdminService(tenants, plans, new ApiKeys(new SecureRandom()), auth, ids,
                                clock, json))
                    .annotatedService()
                        .decorator(auth.decorator())
                        .build(new StatsService(new StatsRepository(dataSource), json))
                    .annotatedService()
                        .decorator(auth.decorator())
                        .build(new UsageReportService(new UsageReportRepository(dataSource), clock, json))
                    .annotatedService(new HealthService(List.of(
                            new PostgresHealthIndicator(dataSource, CommonPools.blockingTaskExecutor()),
                            cacheHealth,
                            new KafkaHealthIndicator(kafkaAdmin, DEPENDENCY_PROBE_TIMEOUT, KAFKA_HEALTH_TTL),
                            new UsageSpoolHealthIndicator(publisher::stats)),
                            HEALTH_TIMEOUT, json))
                    .build();
            publisher.bindTo(server.meterRegistry());
            resources.push(() -> server.stop().join());
            server.start().join();
            return new Gateway(server, resources);
        } catch (RuntimeException | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    private static UsageSpool openSpool(GatewayConfig config, Clock clock) {
        try {
            return UsageSpool.open(config.usageSpool(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage spool under " + config.usageSpool().dir(), e);
        }
    }

    /** The bound HTTP port (the ephemeral one when the config said 0). */
    public int port() {
        return server.activeLocalPort();
    }

    @Override
    public void close() {
        closeAll(resources);
        log.info("gateway stopped");
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("error while closing {}", resource, e);
            }
        }
    }
}
