package io.llmcache.analytics.rollup;

import io.llmcache.analytics.events.UsageRecord;

/** The rollup key: one row of {@code analytics.usage_minute}. */
public record MinuteKey(String tenantId, String model, long minuteStartMillis) {

  static final long MINUTE_MILLIS = 60_000L;

  /** The key of the minute an event falls in (event time, UTC). */
  public static MinuteKey of(UsageRecord event) {
    long minute = Math.floorDiv(event.eventTimeMillis(), MINUTE_MILLIS) * MINUTE_MILLIS;
    return new MinuteKey(event.tenantId(), event.model(), minute);
  }

  /** Last millisecond of the minute, the event-time timer that marks the minute as complete. */
  public long minuteEndMillis() {
    return minuteStartMillis + MINUTE_MILLIS - 1;
  }
}
