package io.llmcache.analytics.events;

/** A Kafka record that is not a usable {@code UsageEvent}; it goes to the dead-letter topic, never retried. */
public final class InvalidUsageEventException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidUsageEventException(String message) {
    super(message);
  }

  public InvalidUsageEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
