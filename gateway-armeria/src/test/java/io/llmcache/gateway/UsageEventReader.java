package io.llmcache.gateway;

import io.llmcache.proto.v1.UsageEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads usage events back from the real Kafka topic, from the end offsets it saw when created. */
final class UsageEventReader {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** After the expected events arrived, how long to keep reading so that extra events show up. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final String bootstrap;
    private final Map<TopicPartition, Long> start;

    private UsageEventReader(String bootstrap, Map<TopicPartition, Long> start) {
        this.bootstrap = bootstrap;
        this.start = start;
    }

    /** A reader that sees only events published from now on. */
    static UsageEventReader fromNow(IntegrationEnvironment env) {
        String bootstrap = env.gatewayEnv().getOrDefault("LLMCACHE_KAFKA_BOOTSTRAP", "127.0.0.1:29092");
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(env.usageTopic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return new UsageEventReader(bootstrap, consumer.endOffsets(partitions));
        }
    }

    /** The tenant's events, once {@code expected} arrived and then {@link #SETTLE} longer (at most 20 s). */
    List<UsageEvent> tenantEvents(String tenantId, int expected) throws Exception {
        return read(tenantId, event -> true, found -> found >= expected, SETTLE);
    }

    /** The tenant's events with these request ids, as soon as all arrived (at most 20 s). */
    List<UsageEvent> requestEvents(String tenantId, List<String> requestIds) throws Exception {
        return read(tenantId, event -> requestIds.contains(event.getRequestId()),
                found -> found >= requestIds.size(), Duration.ZERO);
    }

    static UsageEvent byRequestId(List<UsageEvent> events, String requestId) {
        return events.stream().filter(e -> e.getRequestId().equals(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no event for request " + requestId + " in " + events));
    }

    private List<UsageEvent> read(String tenantId, Predicate<UsageEvent> wanted,
                                  IntPredicate enough, Duration settle) throws Exception {
        List<UsageEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long deadline = System.nanoTime() + WAIT.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (tenantId.equals(record.key())) {
                        UsageEvent event = UsageEvent.parseFrom(record.value());
                        if (wanted.test(event)) {
                            events.add(event);
                        }
                    }
                }
                if (settleUntil == Long.MAX_VALUE && enough.test(events.size())) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return events;
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "usage-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
