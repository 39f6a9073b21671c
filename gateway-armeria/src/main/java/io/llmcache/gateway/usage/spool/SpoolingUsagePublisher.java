package io.llmcache.gateway.usage.spool;

import com.google.protobuf.InvalidProtocolBufferException;
import io.llmcache.gateway.usage.UsagePublisher;
import io.llmcache.gateway.usage.UsageSink;
import io.llmcache.proto.v1.UsageEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers usage events to a {@link UsageSink}, falling back to a durable {@link UsageSpool} whenever the
 * sink cannot take them, and draining the spool, oldest first, once it can again.
 *
 * <p>Threads: request threads only enqueue. The {@code usage-publisher} thread sends directly while the
 * spool is empty; once a send fails (it throws, or its acknowledgement fails) it appends that event and
 * every later one to the spool, synced once per batch. While the spool holds anything, new events go
 * behind it, so a tenant's events keep their order. The {@code usage-spool-drainer} thread sends the oldest
 * records, waits for their acknowledgements, then advances the spool; when it is empty, direct sends resume.
 * Failed drains are retried with a capped exponential backoff. Events are lost only when the spool is full
 * or the disk fails, and each such loss is counted and logged.
 */
public final class SpoolingUsagePublisher implements UsagePublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolingUsagePublisher.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 500;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final UsageSink sink;
    private final UsageSpool spool;
    private final Duration ackTimeout;
    private final BlockingQueue<UsageEvent> incoming = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** Direct sends whose acknowledgement failed; they go to the spool ahead of newer events. */
    private final Queue<UsageEvent> undelivered = new ConcurrentLinkedQueue<>();
    private final AtomicLong dropped = new AtomicLong();
    private final CompletableFuture<Void> stopping = new CompletableFuture<>();
    private final Object drainSignal = new Object();
    private final Thread publisherThread;
    private final Thread drainerThread;
    /** True while the spool holds events; set by the publisher thread, cleared by the drainer under the spool's lock. */
    private volatile boolean spooling;
    private volatile boolean running = true;

    /**
     * Starts both threads. {@code ackTimeout} bounds the wait for a drained batch's acknowledgements
     * (a little above the sink's own delivery timeout).
     */
    public SpoolingUsagePublisher(UsageSink sink, UsageSpool spool, Duration ackTimeout) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.spool = Objects.requireNonNull(spool, "spool");
        this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
        this.spooling = !spool.isEmpty();
        this.publisherThread = new Thread(this::publishLoop, "usage-publisher");
        this.drainerThread = new Thread(this::drainLoop, "usage-spool-drainer");
        publisherThread.setDaemon(true);
        drainerThread.setDaemon(true);
        publisherThread.start();
        drainerThread.start();
    }

    @Override
    public void publish(UsageEvent event) {
        if (!running || !incoming.offer(event)) {
            drop(List.of(event), running ? "the publisher queue is full (" + QUEUE_CAPACITY + " events)"
                    : "the publisher is closed");
        }
    }

    /** Spool levels and counters; {@code refused} includes every event lost for any reason. */
    public SpoolStats stats() {
        SpoolStats s = spool.stats();
        return new SpoolStats(s.pendingEvents(), s.pendingBytes(), s.maxBytes(), s.spooled(), s.drained(),
                dropped.get(), s.corrupt());
    }

    /** Registers the spool's counters and gauges (prefix {@code llmcache.usage.spool}). */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("llmcache.usage.spool.spooled", this, p -> p.stats().spooled())
                .description("usage events appended to the local spool").register(registry);
        FunctionCounter.builder("llmcache.usage.spool.drained", this, p -> p.stats().drained())
                .description("usage events delivered from the local spool").register(registry);
        FunctionCounter.builder("llmcache.usage.spool.dropped", this, p -> p.stats().refused())
                .description("usage events lost: spool full, disk error or publisher queue full").register(registry);
        FunctionCounter.builder("llmcache.usage.spool.corrupt", this, p -> p.stats().corrupt())
                .description("spool records skipped on read: bad CRC or torn tail").register(registry);
        Gauge.builder("llmcache.usage.spool.pending.bytes", this, p -> p.stats().pendingBytes())
                .description("bytes of usage events waiting in the spool").baseUnit("bytes").register(registry);
        Gauge.builder("llmcache.usage.spool.pending.events", this, p -> p.stats().pendingEvents())
                .description("usage events waiting in the spool").register(registry);
    }

    private void publishLoop() {
        List<UsageEvent> batch = new ArrayList<>(BATCH);
        while (running || !incoming.isEmpty()) {
            try {
                UsageEvent first = incoming.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    incoming.drainTo(batch, BATCH - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            spoolUndelivered();
            if (!batch.isEmpty()) {
                if (spooling) {
                    spool(batch);
                } else {
                    sendDirect(batch);
                }
                batch.clear();
            }
        }
    }

    private void sendDirect(List<UsageEvent> batch) {
        for (int i = 0; i < batch.size(); i++) {
            UsageEvent event = batch.get(i);
            CompletableFuture<Void> ack;
            try {
                ack = sink.send(event);
            } catch (RuntimeException e) {
                log.warn("usage sink refused event {}, spooling until it recovers: {}", event.getEventId(),
                        e.toString());
                spoolUndelivered();
                spool(batch.subList(i, batch.size()));
                return;
            }
            ack.whenComplete((ignored, error) -> {
                if (error != null) {
                    undelivered.add(event);
                }
            });
            if (ack.isCompletedExceptionally()) {
                // Failed before leaving this thread (e.g. no metadata within the sink's blocking budget): every
                // further send would block as long, so the rest goes straight to the spool.
                spoolUndelivered();
                spool(batch.subList(i + 1, batch.size()));
                return;
            }
        }
    }

    private void spoolUndelivered() {
        List<UsageEvent> failed = new ArrayList<>();
        for (UsageEvent event; (event = undelivered.poll()) != null; ) {
            failed.add(event);
        }
        if (!failed.isEmpty()) {
            log.warn("{} usage event(s) were not acknowledged by the sink, spooling until it recovers", failed.size());
            spool(failed);
        }
    }

    /** Appends in order and syncs; on return the events are on disk or counted as dropped. */
    private void spool(List<UsageEvent> events) {
        List<byte[]> payloads = events.stream().map(UsageEvent::toByteArray).toList();
        int appended;
        synchronized (spool) {
            spooling = true;
            try {
                appended = spool.append(payloads);
            } catch (IOException | RuntimeException e) {
                drop(events, "the spool could not be written: " + e);
                return;
            }
        }
        if (appended < events.size()) {
            drop(events.subList(appended, events.size()), "the spool is full (" + spool.stats().maxBytes()
                    + " bytes)");
        }
        synchronized (drainSignal) {
            drainSignal.notifyAll();
        }
    }

    private void drop(List<UsageEvent> events, String reason) {
        long total = dropped.addAndGet(events.size());
        log.error("LOST {} usage event(s) (first {} of tenant {}; {} lost since start): {}", events.size(),
                events.get(0).getEventId(), events.get(0).getTenantId(), total, reason);
    }

    private void drainLoop() {
        Duration backoff = MIN_BACKOFF;
        boolean failing = false;
        while (running) {
            try {
                if (!spooling) {
                    synchronized (drainSignal) {
                        drainSignal.wait(POLL.toMillis() * 4);
                    }
                    continue;
                }
                DrainResult result = drainOnce();
                if (result == DrainResult.FAILED) {
                    failing = true;
                    synchronized (drainSignal) {
                        drainSignal.wait(backoff.toMillis());
                    }
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                } else {
                    if (failing) {
                        log.info("usage sink is back, draining the spool ({} event(s) waiting)",
                                spool.stats().pendingEvents());
                        failing = false;
                    }
                    backoff = MIN_BACKOFF;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                log.error("usage spool drain failed, retrying in {} ms", backoff.toMillis(), e);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private enum DrainResult { EMPTY, SENT, FAILED }

    /** Sends one batch of the oldest records and commits the acknowledged prefix. */
    private DrainResult drainOnce() throws IOException {
        UsageSpool.Batch batch = spool.peek(BATCH);
        if (batch.size() == 0) {
            synchronized (spool) {
                // The publisher thread appends under this lock, so nothing can slip in between check and switch.
                if (spool.isEmpty()) {
                    spooling = false;
                    log.info("usage spool is empty, sending directly again");
                }
            }
            return DrainResult.EMPTY;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        int corrupt = 0;
        String failure = null;
        for (int i = 0; i < batch.size(); i++) {
            UsageEvent event;
            try {
                event = UsageEvent.parseFrom(batch.payload(i));
            } catch (InvalidProtocolBufferException e) {
                // The CRC matched, so these are the bytes that were written; they can never be delivered.
                corrupt++;
                acks.add(CompletableFuture.completedFuture(null));
                continue;
            }
            try {
                CompletableFuture<Void> ack = sink.send(event);
                acks.add(ack);
                if (ack.isCompletedExceptionally()) {
                    break; // the sink is still unreachable; the wait below reports why
                }
            } catch (RuntimeException e) {
                failure = e.toString();
                break;
            }
        }
        if (corrupt > 0) {
            dropped.addAndGet(corrupt);
            log.error("LOST {} spooled record(s) that are not usage events", corrupt);
        }
        int acked = 0;
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (CompletableFuture<Void> ack : acks) {
            try {
                CompletableFuture.anyOf(ack, stopping)
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!ack.isDone()) {
                    failure = "the publisher is closing";
                    break;
                }
                ack.get();
                acked++;
            } catch (ExecutionException e) {
                failure = String.valueOf(e.getCause());
                break;
            } catch (TimeoutException e) {
                failure = "no acknowledgement within " + ackTimeout.toMillis() + " ms";
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                break;
            }
        }
        // Records after a failure may have been delivered too; they are re-sent, and consumers de-duplicate by id.
        spool.commit(batch, acked);
        if (failure != null) {
            log.warn("usage spool drain: {} of {} record(s) acknowledged, {} waiting: {}", acked, batch.size(),
                    spool.stats().pendingEvents(), failure);
            return DrainResult.FAILED;
        }
        return DrainResult.SENT;
    }

    /**
     * Stops draining, hands queued events to the sink (or the spool), closes the sink so every send in flight
     * is acknowledged or failed, spools the failures and closes the spool. Nothing accepted is lost.
     */
    @Override
    public void close() {
        running = false;
        stopping.complete(null);
        synchronized (drainSignal) {
            drainSignal.notifyAll();
        }
        join(drainerThread);
        join(publisherThread);
        sink.close();
        // Failed sends first (they are older), then events that raced with the publisher thread's exit.
        List<UsageEvent> leftovers = new ArrayList<>();
        for (UsageEvent event; (event = undelivered.poll()) != null; ) {
            leftovers.add(event);
        }
        incoming.drainTo(leftovers);
        if (!leftovers.isEmpty()) {
            spool(leftovers);
        }
        SpoolStats stats = stats();
        spool.close();
        if (stats.pendingEvents() > 0) {
            log.warn("{} usage event(s) ({} bytes) stay in the spool for the next start", stats.pendingEvents(),
                    stats.pendingBytes());
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
