package io.llmcache.analytics.events;

import io.llmcache.analytics.deadletter.DeadLetter;
import java.util.Objects;

/**
 * What the source emits for one Kafka record: either the decoded {@code event} or, when the record cannot
 * be counted, the {@code deadLetter} that carries its raw bytes and the reason. Exactly one is non-null.
 */
public record UsageInput(UsageRecord event, DeadLetter deadLetter) {

  public UsageInput {
    if ((event == null) == (deadLetter == null)) {
      throw new IllegalArgumentException("exactly one of event and deadLetter must be set");
    }
  }

  public static UsageInput valid(UsageRecord event) {
    return new UsageInput(Objects.requireNonNull(event, "event"), null);
  }

  public static UsageInput rejected(DeadLetter deadLetter) {
    return new UsageInput(null, Objects.requireNonNull(deadLetter, "deadLetter"));
  }
}
