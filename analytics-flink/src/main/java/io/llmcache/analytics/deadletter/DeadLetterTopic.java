package io.llmcache.analytics.deadletter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the dead-letter topic at job start when it does not exist yet. */
public final class DeadLetterTopic {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterTopic.class);
  /** Dead letters are rare; one partition keeps them in the order they were found. */
  static final int PARTITIONS = 1;

  private DeadLetterTopic() {}

  /** Ensures {@code topic} exists; fails when Kafka does not answer within {@code timeout}. */
  public static void ensure(String bootstrap, String topic, Duration timeout) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())))
          .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      log.info("Created dead-letter topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create dead-letter topic " + topic + " on " + bootstrap, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrap + " did not create dead-letter topic " + topic + " within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating dead-letter topic " + topic, e);
    }
  }
}
