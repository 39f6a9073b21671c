package io.llmcache.gateway.usage.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk record format of spool segments: {@code [int length][int crc32c(payload)][payload]}, big-endian.
 * A record cut short by a crash (torn tail) ends the readable part of a segment; a record whose CRC does
 * not match is skipped and counted, and reading goes on after it.
 */
final class SegmentFormat {

    static final int HEADER_BYTES = 8;
    /** Usage events are a few hundred bytes; a larger length can only be a corrupt header. */
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    private SegmentFormat() {
    }

    static int encodedSize(byte[] payload) {
        return HEADER_BYTES + payload.length;
    }

    static ByteBuffer encode(byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("spool record of " + payload.length + " bytes, expected 1.."
                    + MAX_PAYLOAD_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.allocate(encodedSize(payload));
        buffer.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
        return buffer;
    }

    /**
     * Reads up to {@code max} records of {@code segment} between {@code from} and {@code until} (exclusive),
     * stopping before the first damaged record. When that damage is the very first thing read, the result
     * holds no entries and reports it instead: {@code corrupt} 1 and {@code next} after the bad record, or
     * {@code tornTail} and {@code next} = {@code until}. So each damage is reported once, by the read that
     * gets past it.
     */
    static ReadResult read(Path segment, long from, long until, int max) throws IOException {
        List<Entry> entries = new ArrayList<>();
        int corrupt = 0;
        boolean tornTail = false;
        long position = from;
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (entries.size() < max && position < until) {
                if (until - position < HEADER_BYTES || !readFully(channel, header.clear(), position)) {
                    tornTail = entries.isEmpty();
                    break;
                }
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length <= 0 || length > MAX_PAYLOAD_BYTES || length > until - position - HEADER_BYTES) {
                    tornTail = entries.isEmpty();
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                if (!readFully(channel, payload, position + HEADER_BYTES)) {
                    tornTail = entries.isEmpty();
                    break;
                }
                if (crc(payload.array()) != crc) {
                    if (entries.isEmpty()) {
                        corrupt = 1;
                        position += HEADER_BYTES + length;
                    }
                    break;
                }
                position += HEADER_BYTES + length;
                entries.add(new Entry(payload.array(), position));
            }
        }
        return new ReadResult(entries, corrupt, tornTail, tornTail ? until : position);
    }

    private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                return false;
            }
            at += read;
        }
        return true;
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** One intact record and the segment offset just after it. */
    record Entry(byte[] payload, long end) {
    }

    /** What one read found. */
    record ReadResult(List<Entry> entries, int corrupt, boolean tornTail, long next) {
    }
}
