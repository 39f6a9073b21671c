package io.llmcache.analytics.events;

import com.google.protobuf.InvalidProtocolBufferException;
import io.llmcache.proto.v1.CacheResult;
import io.llmcache.proto.v1.UsageEvent;

/**
 * The part of a {@link UsageEvent} the analytics job needs, as a Flink POJO (a Java record), so
 * records never fall back to Kryo.
 */
public record UsageRecord(
    String eventId,
    String tenantId,
    String apiKeyId,
    String model,
    long eventTimeMillis,
    CacheResult result,
    long promptTokens,
    long completionTokens,
    long upstreamCostMicros,
    long savedCostMicros,
    long latencyMs) {

  /** The only {@code schema_version} this job understands. */
  public static final int SCHEMA_VERSION = 1;

  /** Decodes and validates serialized {@code UsageEvent} bytes. */
  public static UsageRecord decode(byte[] bytes) throws InvalidUsageEventException {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidUsageEventException("empty record value");
    }
    UsageEvent event;
    try {
      event = UsageEvent.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidUsageEventException("not a UsageEvent: " + e.getMessage(), e);
    }
    return fromEvent(event);
  }

  /** Validates an event; refuses what cannot be counted correctly. */
  public static UsageRecord fromEvent(UsageEvent event) throws InvalidUsageEventException {
    if (event.getSchemaVersion() != SCHEMA_VERSION) {
      throw new InvalidUsageEventException(
          "unknown schema_version " + event.getSchemaVersion() + ", expected " + SCHEMA_VERSION
              + " (event_id '" + event.getEventId() + "')");
    }
    if (event.getEventId().isEmpty()) {
      throw new InvalidUsageEventException(
          "missing event_id (tenant_id '" + event.getTenantId() + "'), cannot de-duplicate");
    }
    if (event.getTenantId().isEmpty()) {
      throw new InvalidUsageEventException("missing tenant_id (event_id '" + event.getEventId() + "')");
    }
    if (!event.hasTime()) {
      throw new InvalidUsageEventException("missing time (event_id '" + event.getEventId() + "')");
    }
    if (event.getResult() == CacheResult.CACHE_RESULT_UNSPECIFIED) {
      throw new InvalidUsageEventException("missing result (event_id '" + event.getEventId() + "')");
    }
    long millis = Math.addExact(
        Math.multiplyExact(event.getTime().getSeconds(), 1000L), event.getTime().getNanos() / 1_000_000);
    return new UsageRecord(
        event.getEventId(),
        event.getTenantId(),
        event.getApiKeyId(),
        event.getModel(),
        millis,
        event.getResult(),
        event.getPromptTokens(),
        event.getCompletionTokens(),
        event.getUpstreamCostMicros(),
        event.getSavedCostMicros(),
        event.getLatencyMs());
  }
}
