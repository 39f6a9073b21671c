package io.llmcache.cache.exact.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.llmcache.cache.CacheEntry;
import io.llmcache.cache.EntryProtos;
import io.llmcache.proto.v1.CachedEntry;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The Redis value: a version byte, the expiry (epoch millis) and the serialized {@link CachedEntry}.
 * The expiry travels with the value so expiry follows the server's clock, not only Redis's TTL.
 */
final class EntryEnvelope {
    private static final byte VERSION = 1;
    private static final int HEADER = 1 + Long.BYTES;

    private EntryEnvelope() {
    }

    static byte[] encode(CacheEntry entry) {
        byte[] body = EntryProtos.toProto(entry).toByteArray();
        return ByteBuffer.allocate(HEADER + body.length)
                .put(VERSION)
                .putLong(entry.expiresAt().toEpochMilli())
                .put(body)
                .array();
    }

    /** Decodes a value; throws {@link IllegalArgumentException} on a value this version did not write. */
    static CacheEntry decode(byte[] value) {
        if (value.length < HEADER || value[0] != VERSION) {
            throw new IllegalArgumentException("unknown exact-tier value format, first byte "
                    + (value.length == 0 ? "missing" : Byte.toString(value[0])));
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        buffer.get();
        Instant expiresAt = Instant.ofEpochMilli(buffer.getLong());
        try {
            CachedEntry proto = CachedEntry.parseFrom(ByteBuffer.wrap(value, HEADER, value.length - HEADER));
            return EntryProtos.fromProto(proto, expiresAt);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("corrupt exact-tier value: " + e.getMessage(), e);
        }
    }
}
