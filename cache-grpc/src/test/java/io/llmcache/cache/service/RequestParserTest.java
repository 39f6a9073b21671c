package io.llmcache.cache.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.llmcache.cache.InvalidRequestException;
import io.llmcache.cache.InvalidationTarget;
import io.llmcache.cache.LookupQuery;
import io.llmcache.cache.NewEntry;
import io.llmcache.cache.Tiers;
import io.llmcache.proto.v1.CacheMode;
import io.llmcache.proto.v1.CacheScope;
import io.llmcache.proto.v1.InvalidateRequest;
import io.llmcache.proto.v1.LookupRequest;
import io.llmcache.proto.v1.StoreRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    private static final String KEY = "0123456789abcdef".repeat(4);
    private static final String FINGERPRINT = "f".repeat(64);
    private static final CacheScope SCOPE = CacheScope.newBuilder().setTenantId("t-1").setNamespace("docs").build();

    private final RequestParser parser = new RequestParser(Duration.ofHours(1));

    @Test
    void lookupWithFingerprintAndTextHasASemanticKey() {
        LookupQuery query = parser.lookup(LookupRequest.newBuilder().setScope(SCOPE).setExactKey(KEY)
                .setContextFingerprint(FINGERPRINT).setSemanticText("hi").setMaxAgeSeconds(30).build());
        assertThat(query.semanticKey()).isPresent();
        assertThat(query.tiers()).isEqualTo(Tiers.EXACT_AND_SEMANTIC);
        assertThat(query.maxAge()).contains(Duration.ofSeconds(30));
    }

    @Test
    void lookupWithoutTextHasNoSemanticKey() {
        LookupQuery query = parser.lookup(LookupRequest.newBuilder().setScope(SCOPE).setExactKey(KEY)
                .setContextFingerprint(FINGERPRINT).setSemanticText("  ").build());
        assertThat(query.semanticKey()).isEmpty();
        assertThat(query.maxAge()).isEmpty();
    }

    @Test
    void refusesAnEmptyTenant() {
        assertThatThrownBy(() -> parser.lookup(LookupRequest.newBuilder().setExactKey(KEY).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("scope.tenant_id");
    }

    @Test
    void refusesMalformedKeysNamingTheValue() {
        assertThatThrownBy(() -> parser.lookup(LookupRequest.newBuilder().setScope(SCOPE).setExactKey("abc").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("exact_key").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> parser.lookup(LookupRequest.newBuilder().setScope(SCOPE)
                .setExactKey(KEY.toUpperCase()).build())).hasMessageContaining("exact_key");
        assertThatThrownBy(() -> parser.lookup(LookupRequest.newBuilder().setScope(SCOPE).setExactKey(KEY)
                .setContextFingerprint("xyz").setSemanticText("hi").build()))
                .hasMessageContaining("context_fingerprint").hasMessageContaining("'xyz'");
    }

    @Test
    void refusesANegativeMaxAge() {
        assertThatThrownBy(() -> parser.lookup(LookupRequest.newBuilder().setScope(SCOPE).setExactKey(KEY)
                .setMaxAgeSeconds(-5).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("max_age_seconds").hasMessageContaining("-5");
    }

    @Test
    void storeUsesTheDefaultTtlAndIndexesOnlyWhenSemanticIsAllowed() {
        StoreRequest.Builder request = StoreRequest.newBuilder().setScope(SCOPE).setExactKey(KEY)
                .setContextFingerprint(FINGERPRINT).setSemanticText("hi").setResponseBody(ByteString.copyFromUtf8("{}"));
        NewEntry semantic = parser.store(request.build());
        assertThat(semantic.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(semantic.indexSemantic()).isTrue();
        NewEntry exactOnly = parser.store(request.setMode(CacheMode.CACHE_MODE_EXACT).setTtlSeconds(5).build());
        assertThat(exactOnly.indexSemantic()).isFalse();
        assertThat(exactOnly.semanticKey()).isPresent();
        assertThat(exactOnly.ttl()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesStoreWithModeOffOrWithoutBody() {
        StoreRequest.Builder request = StoreRequest.newBuilder().setScope(SCOPE).setExactKey(KEY)
                .setResponseBody(ByteString.copyFromUtf8("{}"));
        assertThatThrownBy(() -> parser.store(request.setMode(CacheMode.CACHE_MODE_OFF).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("CACHE_MODE_OFF");
        assertThatThrownBy(() -> parser.store(request.setMode(CacheMode.CACHE_MODE_EXACT)
                .setResponseBody(ByteString.EMPTY).build())).hasMessageContaining("response_body");
        assertThatThrownBy(() -> parser.store(request.setResponseBody(ByteString.copyFromUtf8("{}"))
                .setTtlSeconds(-1).build())).hasMessageContaining("ttl_seconds");
    }

    @Test
    void invalidateNeedsATarget() {
        InvalidateRequest.Builder request = InvalidateRequest.newBuilder().setScope(SCOPE);
        assertThatThrownBy(() -> parser.invalidation(request.build())).hasMessageContaining("target");
        assertThatThrownBy(() -> parser.invalidation(request.setEntryId("nope").build()))
                .hasMessageContaining("entry_id").hasMessageContaining("'nope'");
        assertThat(parser.invalidation(request.setWholeNamespace(true).build()))
                .isInstanceOf(InvalidationTarget.WholeNamespace.class);
    }
}
