package io.llmcache.gateway.usage.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the usage topic when it does not exist yet. */
public final class UsageTopic {

    private static final Logger log = LoggerFactory.getLogger(UsageTopic.class);
    static final int PARTITIONS = 3;

    private UsageTopic() {
    }

    /**
     * Ensures the topic exists with {@value #PARTITIONS} partitions and the broker's default replication.
     * A broker that is down is logged, not fatal: the gateway serves without metering until it is back.
     */
    public static void ensure(Admin admin, String topic, Duration timeout) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("created Kafka topic {} with {} partitions", topic, PARTITIONS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return;
            }
            log.warn("could not ensure Kafka topic {}: {}", topic, e.getCause().toString());
        } catch (TimeoutException e) {
            log.warn("could not ensure Kafka topic {}: no answer within {} ms", topic, timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
