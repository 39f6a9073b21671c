package io.llmcache.analytics.deadletter;

import java.util.Arrays;
import java.util.Objects;

/**
 * A usage-topic record the job cannot count, kept byte for byte with where it came from and why it was
 * refused, for the dead-letter topic.
 *
 * @param key the record key as read (may be null)
 * @param value the record value as read (may be null or empty)
 * @param reason why it was refused, e.g. "unknown schema_version 2, expected 1 (event_id 'e1')"
 * @param sourceTopic topic it was read from
 * @param sourcePartition partition it was read from
 * @param sourceOffset offset it was read at
 */
public record DeadLetter(
    byte[] key, byte[] value, String reason, String sourceTopic, int sourcePartition, long sourceOffset) {

  /** By content: Flink copies records, so array identity means nothing. */
  @Override
  public boolean equals(Object other) {
    return other instanceof DeadLetter that
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && Objects.equals(reason, that.reason)
        && Objects.equals(sourceTopic, that.sourceTopic)
        && sourcePartition == that.sourcePartition
        && sourceOffset == that.sourceOffset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), reason, sourceTopic, sourcePartition,
        sourceOffset);
  }

  @Override
  public String toString() {
    return "DeadLetter[" + sourceTopic + "-" + sourcePartition + "@" + sourceOffset + ", "
        + (value == null ? "null" : value.length + " bytes") + ", reason=" + reason + "]";
  }
}
