package io.llmcache.gateway.ids;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * RFC 9562 version 7 UUIDs: 48-bit Unix milliseconds, then a 12-bit counter, then 62 random bits.
 * The counter makes ids from one generator strictly increasing even within one millisecond or when
 * the clock steps back (RFC 9562 §6.2, method 1), so they sort by creation order.
 */
public final class UuidV7Generator {

    private static final int COUNTER_BITS = 12;
    private static final int COUNTER_MAX = (1 << COUNTER_BITS) - 1;

    private final Clock clock;
    private final RandomGenerator random;
    private long lastMillis = -1;
    private int counter;

    public UuidV7Generator(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public synchronized UUID next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            // Start low in the range so that many ids fit into one millisecond before it overflows.
            counter = random.nextInt(COUNTER_MAX / 2);
        } else if (counter < COUNTER_MAX) {
            counter++;
        } else {
            // Counter exhausted: borrow the next millisecond, as RFC 9562 allows.
            lastMillis++;
            counter = 0;
        }
        long msb = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    public String nextString() {
        return next().toString();
    }
}
