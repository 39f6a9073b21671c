package io.llmcache.gateway.usage.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.gateway.usage.UsageSink;
import io.llmcache.proto.v1.UsageEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolingUsagePublisherTest {

    @TempDir
    Path root;

    /**
     * A sink that is up, refuses sends, fails them before returning (as Kafka does when metadata is missing
     * after max.block.ms), or accepts them and fails their acknowledgement later.
     */
    private static final class FakeSink implements UsageSink {
        enum Mode { UP, REFUSE, FAIL_FAST, FAIL_ACKS }

        volatile Mode mode = Mode.UP;
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final AtomicInteger sends = new AtomicInteger();
        /** Kafka completes one partition's callbacks in send order, from its single I/O thread. */
        final ExecutorService ioThread = Executors.newSingleThreadExecutor();

        @Override
        public CompletableFuture<Void> send(UsageEvent event) {
            sends.incrementAndGet();
            switch (mode) {
                case REFUSE -> throw new IllegalStateException("broker unreachable");
                case FAIL_FAST -> {
                    return CompletableFuture.failedFuture(new IllegalStateException("no metadata after 1000 ms"));
                }
                case FAIL_ACKS -> {
                    return CompletableFuture.supplyAsync(() -> {
                        throw new IllegalStateException("delivery timed out");
                    }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, ioThread));
                }
                default -> {
                    delivered.add(event.getEventId());
                    return CompletableFuture.completedFuture(null);
                }
            }
        }

        @Override
        public void close() {
            ioThread.shutdown();
        }
    }

    private SpoolingUsagePublisher publisher(FakeSink sink) throws Exception {
        return new SpoolingUsagePublisher(sink, UsageSpool.open(SpoolSettings.of(root, 1 << 20), Clock.systemUTC()),
                Duration.ofSeconds(2));
    }

    private static UsageEvent event(String id) {
        return UsageEvent.newBuilder().setEventId(id).setTenantId("t1").setSchemaVersion(1).build();
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void whileTheSinkIsDownEventsWaitInTheSpoolAndArriveInOrderWhenItIsBack() throws Exception {
        FakeSink sink = new FakeSink();
        try (SpoolingUsagePublisher publisher = publisher(sink)) {
            sink.mode = FakeSink.Mode.REFUSE;
            ids("a", 300).forEach(id -> publisher.publish(event(id)));
            await(() -> publisher.stats().pendingEvents() == 300, "all 300 events are spooled");
            assertThat(sink.delivered).isEmpty();

            sink.mode = FakeSink.Mode.UP;
            ids("b", 50).forEach(id -> publisher.publish(event(id)));
            await(() -> sink.delivered.size() == 350, "the spool is drained");

            assertThat(sink.delivered.subList(0, 300)).containsExactlyElementsOf(ids("a", 300));
            assertThat(sink.delivered.subList(300, 350)).containsExactlyElementsOf(ids("b", 50));
            await(() -> publisher.stats().pendingEvents() == 0, "the spool is empty");
            assertThat(publisher.stats().drained()).as("events published while the spool was non-empty queue behind it")
                    .isEqualTo(350);
            assertThat(publisher.stats().refused()).isZero();
        }
    }

    @Test
    void eventsWhoseAcknowledgementFailsAreSpooledAndRedelivered() throws Exception {
        FakeSink sink = new FakeSink();
        try (SpoolingUsagePublisher publisher = publisher(sink)) {
            sink.mode = FakeSink.Mode.FAIL_ACKS;
            ids("x", 10).forEach(id -> publisher.publish(event(id)));
            await(() -> publisher.stats().spooled() == 10, "failed events reach the spool");

            sink.mode = FakeSink.Mode.UP;
            await(() -> sink.delivered.size() == 10, "the spool is drained");
            assertThat(sink.delivered).containsExactlyElementsOf(ids("x", 10));
        }
    }

    @Test
    void aSendThatFailsBeforeReturningMovesTheRestOfTheBatchToTheSpoolWithoutTryingEachEvent() throws Exception {
        FakeSink sink = new FakeSink();
        sink.mode = FakeSink.Mode.FAIL_FAST;
        try (SpoolingUsagePublisher publisher = publisher(sink)) {
            ids("f", 400).forEach(id -> publisher.publish(event(id)));
            await(() -> publisher.stats().pendingEvents() == 400, "every event is spooled");
            // Each failing send may block for max.block.ms in Kafka: one per batch and per drain attempt, not per event.
            assertThat(sink.sends.get()).isLessThan(20);

            sink.mode = FakeSink.Mode.UP;
            await(() -> sink.delivered.size() == 400, "the spool is drained");
            assertThat(sink.delivered).containsExactlyElementsOf(ids("f", 400));
        }
    }

    @Test
    void aRestartedPublisherDeliversWhatTheStoppedOneSpooled() throws Exception {
        FakeSink down = new FakeSink();
        down.mode = FakeSink.Mode.REFUSE;
        try (SpoolingUsagePublisher publisher = publisher(down)) {
            ids("p", 20).forEach(id -> publisher.publish(event(id)));
        }
        FakeSink up = new FakeSink();
        try (SpoolingUsagePublisher publisher = publisher(up)) {
            await(() -> up.delivered.size() == 20, "the earlier process's events are delivered");
            assertThat(up.delivered).containsExactlyElementsOf(ids("p", 20));
            await(() -> publisher.stats().pendingEvents() == 0, "the spool is empty");
        }
    }

    @Test
    void publishNeverBlocksWhenTheSinkIsDown() throws Exception {
        FakeSink sink = new FakeSink();
        sink.mode = FakeSink.Mode.REFUSE;
        try (SpoolingUsagePublisher publisher = publisher(sink)) {
            long start = System.nanoTime();
            ids("n", 1000).forEach(id -> publisher.publish(event(id)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            await(() -> publisher.stats().pendingEvents() == 1000, "every event is spooled");
        }
    }
}
