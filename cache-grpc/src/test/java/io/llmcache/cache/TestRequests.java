package io.llmcache.cache;

import com.google.protobuf.ByteString;
import io.llmcache.proto.v1.CacheScope;
import io.llmcache.proto.v1.LookupRequest;
import io.llmcache.proto.v1.StoreRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Request builders with fresh, random keys and tenants, so test runs never meet each other's data. */
final class TestRequests {
    private TestRequests() {
    }

    static String tenant() {
        return "it-" + UUID.randomUUID();
    }

    static String key() {
        return sha256(UUID.randomUUID().toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static CacheScope scope(String tenant, String namespace) {
        return CacheScope.newBuilder().setTenantId(tenant).setNamespace(namespace).build();
    }

    static StoreRequest.Builder store(CacheScope scope, String exactKey, String fingerprint, String text) {
        return StoreRequest.newBuilder()
                .setScope(scope)
                .setExactKey(exactKey)
                .setContextFingerprint(fingerprint)
                .setSemanticText(text)
                .setModel("gpt-4o-mini")
                .setResponseBody(ByteString.copyFromUtf8("{\"answer\":\"" + text + "\"}"))
                .setContentType("application/json")
                .setPromptTokens(12)
                .setCompletionTokens(34);
    }

    static LookupRequest.Builder lookup(CacheScope scope, String exactKey, String fingerprint, String text) {
        return LookupRequest.newBuilder()
                .setScope(scope)
                .setExactKey(exactKey)
                .setContextFingerprint(fingerprint)
                .setSemanticText(text)
                .setModel("gpt-4o-mini");
    }
}
