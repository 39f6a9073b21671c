package io.llmcache.gateway.usage.kafka;

import io.llmcache.gateway.usage.UsagePublisher;
import io.llmcache.proto.v1.UsageEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes usage events to Kafka, keyed by tenant id so one tenant's events stay in order.
 * {@code send} can block while metadata is missing, so it runs on a dedicated thread behind a bounded
 * queue: request threads only enqueue, and a Kafka outage costs dropped events (counted and logged),
 * never blocked requests.
 */
public final class KafkaUsagePublisher implements UsagePublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaUsagePublisher.class);
    private static final int QUEUE_CAPACITY = 10_000;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final ThreadPoolExecutor sender;
    private final AtomicLong dropped = new AtomicLong();

    public KafkaUsagePublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "usage-kafka-sender");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** An idempotent, acks=all producer whose sends wait at most {@code maxBlock} for metadata. */
    public static Producer<String, byte[]> newProducer(String bootstrap, Duration maxBlock) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "llmcache-gateway-usage",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(UsageEvent event) {
        try {
            sender.execute(() -> send(event));
        } catch (RejectedExecutionException e) {
            drop(event, "the send queue is full (" + QUEUE_CAPACITY + " events)");
        }
    }

    private void send(UsageEvent event) {
        try {
            producer.send(new ProducerRecord<>(topic, event.getTenantId(), event.toByteArray()), (metadata, error) -> {
                if (error != null) {
                    drop(event, error.toString());
                }
            });
        } catch (RuntimeException e) {
            drop(event, e.toString());
        }
    }

    private void drop(UsageEvent event, String reason) {
        long total = dropped.incrementAndGet();
        log.warn("usage event {} of tenant {} was not delivered ({} lost so far): {}", event.getEventId(),
                event.getTenantId(), total, reason);
    }

    /** Sends what is queued, waiting up to a few seconds, then closes the producer. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{} queued usage events were not sent before shutdown", sender.getQueue().size());
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
