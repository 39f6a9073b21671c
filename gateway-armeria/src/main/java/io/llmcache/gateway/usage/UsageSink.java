package io.llmcache.gateway.usage;

import io.llmcache.proto.v1.UsageEvent;
import java.util.concurrent.CompletableFuture;

/** The destination of usage events (Kafka in production), behind the durable spool. */
public interface UsageSink extends AutoCloseable {

    /**
     * Starts delivering one event; the future completes once the destination has acknowledged it and
     * completes exceptionally when delivery failed. Throws when delivery cannot even start (e.g. no
     * metadata within the sink's blocking budget).
     */
    CompletableFuture<Void> send(UsageEvent event);

    /** Finishes or fails (completing their futures) the sends in flight, within a bounded time. */
    @Override
    void close();
}
