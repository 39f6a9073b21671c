package io.llmcache.gateway.usage.spool;

/**
 * A snapshot of the spool.
 *
 * @param pendingEvents events on disk waiting for delivery
 * @param pendingBytes bytes those events take on disk
 * @param maxBytes the bound past which new events are refused
 * @param spooled events appended since start
 * @param drained events delivered from the spool since start
 * @param refused events refused because the spool was full
 * @param corrupt records skipped on read (bad CRC or torn tail)
 */
public record SpoolStats(long pendingEvents, long pendingBytes, long maxBytes, long spooled, long drained,
                         long refused, long corrupt) {
}
