package io.llmcache.gateway.usage.kafka;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmcache.gateway.health.DependencyHealth;
import io.llmcache.gateway.health.HealthIndicator;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/**
 * Asks the cluster to describe itself, with a short timeout. The answer, up or down, is cached briefly
 * so that frequent health probes do not turn into frequent broker round trips.
 */
public final class KafkaHealthIndicator implements HealthIndicator {

    private final Admin admin;
    private final Duration timeout;
    private final AsyncLoadingCache<String, DependencyHealth> cached;

    public KafkaHealthIndicator(Admin admin, Duration timeout, Duration cacheTtl) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.cached = Caffeine.newBuilder()
                .expireAfterWrite(Objects.requireNonNull(cacheTtl, "cacheTtl"))
                .maximumSize(1)
                .buildAsync((key, executor) -> describe());
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public CompletableFuture<DependencyHealth> check() {
        return cached.get("cluster");
    }

    private CompletableFuture<DependencyHealth> describe() {
        DescribeClusterResult result = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        // Kafka's futures refuse completion by user code, so the answer is moved into a plain future.
        CompletableFuture<DependencyHealth> health = new CompletableFuture<>();
        result.clusterId().toCompletionStage()
                .thenCombine(result.nodes().toCompletionStage(), (clusterId, nodes) ->
                        DependencyHealth.up("cluster " + clusterId + ", " + nodes.size() + " broker(s)"))
                .whenComplete((up, error) -> health.complete(
                        error == null ? up : DependencyHealth.down(String.valueOf(error.getMessage()))));
        return health;
    }
}
