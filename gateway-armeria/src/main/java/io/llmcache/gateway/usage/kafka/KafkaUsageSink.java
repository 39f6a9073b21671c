package io.llmcache.gateway.usage.kafka;

import io.llmcache.gateway.usage.UsageSink;
import io.llmcache.proto.v1.UsageEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends usage events to a Kafka topic, keyed by tenant id so one tenant's events stay in one partition, in order. */
public final class KafkaUsageSink implements UsageSink {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<String, byte[]> producer;
    private final String topic;

    public KafkaUsageSink(Producer<String, byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /**
     * An idempotent, acks=all producer. A send waits at most {@code maxBlock} for metadata and fails
     * after {@code deliveryTimeout}, so an outage reaches the spool within seconds instead of Kafka's
     * default two minutes.
     */
    public static Producer<String, byte[]> newProducer(String bootstrap, Duration maxBlock, Duration deliveryTimeout) {
        int delivery = (int) deliveryTimeout.toMillis();
        int linger = 5;
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "llmcache-gateway-usage",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis(),
                ProducerConfig.LINGER_MS_CONFIG, linger,
                // Kafka requires delivery.timeout >= linger + request.timeout.
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, delivery - linger,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletableFuture<Void> send(UsageEvent event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, event.getTenantId(), event.toByteArray()), (metadata, error) -> {
            if (error == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(error);
            }
        });
        return acked;
    }

    /** Waits up to a few seconds for sends in flight; those still unacknowledged then fail their futures. */
    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
