package io.llmcache.cache;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.llmcache.proto.v1.CachedEntry;
import java.time.Instant;
import java.util.UUID;

/** Converts entries to and from the {@link CachedEntry} wire form. */
public final class EntryProtos {
    private EntryProtos() {
    }

    public static CachedEntry toProto(CacheEntry entry) {
        return CachedEntry.newBuilder()
                .setEntryId(entry.id().toString())
                .setResponseBody(ByteString.copyFrom(entry.responseBody()))
                .setContentType(entry.contentType())
                .setModel(entry.model())
                .setPromptTokens(entry.promptTokens())
                .setCompletionTokens(entry.completionTokens())
                .setCreatedAt(Timestamp.newBuilder()
                        .setSeconds(entry.createdAt().getEpochSecond())
                        .setNanos(entry.createdAt().getNano()))
                .setQueryText(entry.queryText())
                .build();
    }

    /** The wire form carries no expiry, so the caller supplies it. */
    public static CacheEntry fromProto(CachedEntry proto, Instant expiresAt) {
        return new CacheEntry(
                UUID.fromString(proto.getEntryId()),
                proto.getModel(),
                proto.getResponseBody().toByteArray(),
                proto.getContentType(),
                proto.getPromptTokens(),
                proto.getCompletionTokens(),
                proto.getQueryText(),
                Instant.ofEpochSecond(proto.getCreatedAt().getSeconds(), proto.getCreatedAt().getNanos()),
                expiresAt);
    }
}
