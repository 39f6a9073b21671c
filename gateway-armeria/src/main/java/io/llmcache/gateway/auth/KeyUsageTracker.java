package io.llmcache.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.linecorp.armeria.common.annotation.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records when API keys are used without touching the database on the request path: {@link #record} only
 * updates memory, at most once per key per {@code minInterval}, and a background thread writes the batch.
 * Last-used times are informational, so a failed write is retried with the next batch and lost on shutdown
 * only if the final flush fails too.
 */
public final class KeyUsageTracker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyUsageTracker.class);

    private final LastUsedStore store;
    private final Clock clock;
    /** Keys recorded within the last minInterval: further uses in that window are not written. */
    private final Cache<String, Boolean> recentlyRecorded;
    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
    @Nullable
    private final ScheduledExecutorService flusher;

    KeyUsageTracker(LastUsedStore store, Clock clock, Duration minInterval,
                    @Nullable ScheduledExecutorService flusher) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The injected clock drives expiry too, so tests can move time.
        this.recentlyRecorded = Caffeine.newBuilder()
                .expireAfterWrite(Objects.requireNonNull(minInterval, "minInterval"))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
        this.flusher = flusher;
    }

    /** A tracker whose own daemon thread writes pending last-used times every {@code flushEvery}. */
    public static KeyUsageTracker start(LastUsedStore store, Clock clock, Duration minInterval, Duration flushEvery) {
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "key-usage-flusher");
            thread.setDaemon(true);
            return thread;
        });
        KeyUsageTracker tracker = new KeyUsageTracker(store, clock, minInterval, flusher);
        flusher.scheduleWithFixedDelay(tracker::flush, flushEvery.toMillis(), flushEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        return tracker;
    }

    /** Notes that a key was just used. Non-blocking: safe on an event loop. */
    public void record(String apiKeyId) {
        if (recentlyRecorded.asMap().putIfAbsent(apiKeyId, Boolean.TRUE) == null) {
            pending.merge(apiKeyId, clock.instant(), KeyUsageTracker::later);
        }
    }

    /** Writes every pending last-used time in one batch; on failure keeps them for the next flush. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String keyId : pending.keySet()) {
            Instant usedAt = pending.remove(keyId);
            if (usedAt != null) {
                batch.put(keyId, usedAt);
            }
        }
        try {
            store.markUsed(batch);
        } catch (Exception e) {
            log.warn("could not write last-used times of {} API keys; retrying with the next batch: {}",
                    batch.size(), e.getMessage());
            batch.forEach((keyId, usedAt) -> pending.merge(keyId, usedAt, KeyUsageTracker::later));
        }
    }

    /** Stops the background thread and writes what is still pending. */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown();
            try {
                if (!flusher.awaitTermination(5, TimeUnit.SECONDS)) {
                    flusher.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                flusher.shutdownNow();
            }
        }
        flush();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
