package io.llmcache.gateway.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7GeneratorTest {

    private static final String V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void carriesVersionVariantAndTheClockMillis() {
        Instant now = Instant.parse("2025-03-01T12:34:56.789Z");
        UuidV7Generator ids = new UuidV7Generator(Clock.fixed(now, ZoneOffset.UTC), new SplittableRandom(1));

        UUID id = ids.next();

        assertThat(id.toString()).matches(V7);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
    }

    @Test
    void idsSortInCreationOrderWithinOneMillisecond() {
        UuidV7Generator ids = new UuidV7Generator(Clock.fixed(Instant.EPOCH.plusSeconds(1_700_000_000L),
                ZoneOffset.UTC), new SplittableRandom(7));
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) { // more than the 12-bit counter holds: forces borrowing
            generated.add(ids.nextString());
        }
        assertThat(generated).isSorted().doesNotHaveDuplicates().allMatch(s -> s.matches(V7));
    }

    @Test
    void idsKeepIncreasingWhenTheClockStepsBack() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T00:00:01Z"));
        UuidV7Generator ids = new UuidV7Generator(clock, new SplittableRandom(3));
        String first = ids.nextString();
        clock.now = clock.now.minusSeconds(1);
        String second = ids.nextString();
        clock.now = clock.now.plusSeconds(5);
        String third = ids.nextString();

        assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
