package io.llmcache.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyUsageTrackerTest {

    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecordingStore store = new RecordingStore();
    private final KeyUsageTracker tracker = new KeyUsageTracker(store, clock, Duration.ofMinutes(1), null);

    @Test
    void writesOnlyOnFlushAndInOneBatch() {
        tracker.record("k1");
        tracker.record("k2");
        assertThat(store.batches).isEmpty();

        tracker.flush();

        assertThat(store.batches).containsExactly(Map.of("k1", START, "k2", START));
    }

    @Test
    void aBusyKeyIsWrittenAtMostOncePerMinute() {
        tracker.record("k1");
        clock.advance(Duration.ofSeconds(30));
        tracker.record("k1");
        tracker.flush();
        clock.advance(Duration.ofSeconds(20));
        tracker.record("k1");
        tracker.flush();
        clock.advance(Duration.ofSeconds(11));
        tracker.record("k1");
        tracker.flush();

        assertThat(store.batches).containsExactly(Map.of("k1", START),
                Map.of("k1", START.plusSeconds(61)));
    }

    @Test
    void aFailedWriteIsRetriedWithTheNextBatch() {
        tracker.record("k1");
        store.failNext = true;
        tracker.flush();
        clock.advance(Duration.ofSeconds(5));
        tracker.record("k2");
        tracker.flush();

        assertThat(store.batches).containsExactly(Map.of("k1", START, "k2", START.plusSeconds(5)));
    }

    @Test
    void closeWritesWhatIsPendingAndNothingWhenIdle() {
        tracker.flush();
        assertThat(store.batches).isEmpty();
        tracker.record("k1");
        tracker.close();
        assertThat(store.batches).containsExactly(Map.of("k1", START));
    }

    private static final class RecordingStore implements LastUsedStore {
        final List<Map<String, Instant>> batches = new ArrayList<>();
        boolean failNext;

        @Override
        public void markUsed(Map<String, Instant> lastUsedByKeyId) throws SQLException {
            if (failNext) {
                failNext = false;
                throw new SQLException("connection refused", "08001");
            }
            batches.add(Map.copyOf(lastUsedByKeyId));
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
