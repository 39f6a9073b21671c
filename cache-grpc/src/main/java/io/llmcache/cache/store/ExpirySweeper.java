package io.llmcache.cache.store;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired rows in small batches. Lookups already ignore expired rows; this only reclaims space
 * (the exact tier's copies expire by their own TTL).
 */
public final class ExpirySweeper {
    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final int BATCH = 1_000;
    private static final int MAX_BATCHES_PER_RUN = 50;

    private final EntryStore store;
    private final Clock clock;

    public ExpirySweeper(EntryStore store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    /** One sweep, bounded so a large backlog is spread over several runs. Returns the rows deleted. */
    public int sweep() {
        int total = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            int deleted = store.deleteExpired(clock.instant(), BATCH);
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        if (total > 0) {
            log.info("Deleted {} expired entries", total);
        }
        return total;
    }
}
