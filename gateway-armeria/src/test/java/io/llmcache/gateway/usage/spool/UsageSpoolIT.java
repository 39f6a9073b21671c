package io.llmcache.gateway.usage.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.gateway.IntegrationEnvironment;
import io.llmcache.gateway.health.DependencyHealth;
import io.llmcache.gateway.usage.kafka.KafkaUsageSink;
import io.llmcache.gateway.usage.kafka.UsageTopic;
import io.llmcache.proto.v1.UsageEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher whose Kafka is unreachable spools every event without blocking; a later one that reaches the
 * real broker drains the same spool directory into the topic, in order, and leaves it empty.
 */
class UsageSpoolIT {

    static final String BOOTSTRAP = System.getenv().getOrDefault("LLMCACHE_KAFKA_BOOTSTRAP", "127.0.0.1:29092");
    private static final Duration MAX_BLOCK = Duration.ofSeconds(1);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path spoolDir;

    static SpoolingUsagePublisher publisher(String bootstrap, String topic, Path dir) throws Exception {
        return new SpoolingUsagePublisher(
                new KafkaUsageSink(KafkaUsageSink.newProducer(bootstrap, MAX_BLOCK, DELIVERY_TIMEOUT), topic),
                UsageSpool.open(SpoolSettings.of(dir, 64L * 1024 * 1024), Clock.systemUTC()),
                DELIVERY_TIMEOUT.plusSeconds(2));
    }

    static String freshTopic(String prefix) {
        String topic = prefix + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            UsageTopic.ensure(admin, topic, Duration.ofSeconds(10));
        }
        return topic;
    }

    /** Every record of {@code tenantId} on the topic, read by a fresh group from the beginning. */
    static List<UsageEvent> tenantEvents(String topic, String tenantId, int expected) throws Exception {
        List<UsageEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG, "spool-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (tenantId.equals(record.key())) {
                        events.add(UsageEvent.parseFrom(record.value()));
                    }
                }
                if (events.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // to catch duplicates
                }
            }
        }
        return events;
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    static long segmentCount(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    @Test
    void eventsSpooledWhileKafkaIsUnreachableAreDrainedInOrderOnceItIsReachable() throws Exception {
        String topic = freshTopic("llmcache.usage.spool-it");
        String tenantId = "tenant-" + UUID.randomUUID();
        int n = 300;
        List<String> ids = IntStream.range(0, n).mapToObj(i -> UUID.randomUUID().toString()).toList();

        try (SpoolingUsagePublisher down = publisher("127.0.0.1:" + IntegrationEnvironment.closedPort(), topic,
                spoolDir)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                down.publish(UsageEvent.newBuilder().setSchemaVersion(1).setEventId(ids.get(i)).setTenantId(tenantId)
                        .setModel("gpt-4o-mini").setPromptTokens(i).build());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("publish never blocks")
                    .isLessThan(Duration.ofSeconds(1));
            await(() -> down.stats().pendingEvents() == n, Duration.ofSeconds(20), "every event is spooled");

            DependencyHealth health = new UsageSpoolHealthIndicator(down::stats).check().join();
            assertThat(health.status()).isEqualTo("warn");
            assertThat(health.metrics()).containsEntry("pending_events", (long) n).containsEntry("dropped", 0L);
            assertThat(health.metrics().get("pending_bytes")).isPositive();
        }
        assertThat(segmentCount(spoolDir)).as("the events outlive the stopped publisher").isPositive();

        try (SpoolingUsagePublisher up = publisher(BOOTSTRAP, topic, spoolDir)) {
            await(() -> up.stats().drained() == n && up.stats().pendingEvents() == 0, Duration.ofSeconds(30),
                    "the spool is drained into Kafka");
            assertThat(new UsageSpoolHealthIndicator(up::stats).check().join().status()).isEqualTo("up");
        }
        assertThat(segmentCount(spoolDir)).isZero();

        List<UsageEvent> delivered = tenantEvents(topic, tenantId, n);
        assertThat(delivered).extracting(UsageEvent::getEventId).containsExactlyElementsOf(ids);
    }
}
