package io.llmcache.gateway.cache.grpc;

import com.google.protobuf.ByteString;
import io.llmcache.gateway.cache.CacheLookup;
import io.llmcache.gateway.cache.CacheMode;
import io.llmcache.gateway.cache.CacheQuery;
import io.llmcache.gateway.cache.CacheScope;
import io.llmcache.gateway.cache.CachedResponse;
import io.llmcache.gateway.cache.ResponseCache;
import io.llmcache.gateway.cache.StoreCommand;
import io.llmcache.proto.v1.CacheServiceGrpc;
import io.llmcache.proto.v1.CachedEntry;
import io.llmcache.proto.v1.LookupRequest;
import io.llmcache.proto.v1.LookupResponse;
import io.llmcache.proto.v1.MatchKind;
import io.llmcache.proto.v1.StoreRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache server reached over gRPC. Lookups carry a short deadline: a slow or absent cache server
 * turns into a bypass, so the client still gets an answer from the upstream.
 */
public final class GrpcResponseCache implements ResponseCache {

    private static final Logger log = LoggerFactory.getLogger(GrpcResponseCache.class);

    private final CacheServiceGrpc.CacheServiceStub stub;
    private final Duration lookupDeadline;
    private final Duration storeDeadline;

    public GrpcResponseCache(CacheServiceGrpc.CacheServiceStub stub, Duration lookupDeadline, Duration storeDeadline) {
        this.stub = Objects.requireNonNull(stub, "stub");
        this.lookupDeadline = Objects.requireNonNull(lookupDeadline, "lookupDeadline");
        this.storeDeadline = Objects.requireNonNull(storeDeadline, "storeDeadline");
    }

    @Override
    public CompletableFuture<CacheLookup> lookup(CacheQuery query) {
        LookupRequest request = LookupRequest.newBuilder()
                .setScope(scope(query.scope()))
                .setExactKey(query.keys().exactKey())
                .setContextFingerprint(query.keys().contextFingerprint())
                .setSemanticText(query.keys().semanticText())
                .setMode(mode(query.mode()))
                .setMaxAgeSeconds(query.maxAgeSeconds())
                .setModel(query.model())
                .build();
        UnaryObserver<LookupResponse> observer = new UnaryObserver<>();
        try {
            stub.withDeadlineAfter(lookupDeadline.toMillis(), TimeUnit.MILLISECONDS).lookup(request, observer);
        } catch (RuntimeException e) {
            observer.onError(e);
        }
        return observer.future().handle((response, error) -> {
            if (error != null) {
                String reason = "cache lookup failed: " + GrpcFailures.describe(error);
                log.debug("tenant {}: {}", query.scope().tenantId(), reason);
                return new CacheLookup.Bypass(reason);
            }
            return toLookup(response);
        });
    }

    @Override
    public CompletableFuture<Optional<String>> store(StoreCommand command) {
        StoreRequest request = StoreRequest.newBuilder()
                .setScope(scope(command.scope()))
                .setExactKey(command.keys().exactKey())
                .setContextFingerprint(command.keys().contextFingerprint())
                .setSemanticText(command.keys().semanticText())
                .setModel(command.model())
                .setResponseBody(ByteString.copyFrom(command.body()))
                .setContentType(command.contentType())
                .setPromptTokens(command.promptTokens())
                .setCompletionTokens(command.completionTokens())
                .setTtlSeconds(command.ttlSeconds())
                .setMode(mode(command.mode()))
                .build();
        UnaryObserver<io.llmcache.proto.v1.StoreResponse> observer = new UnaryObserver<>();
        try {
            stub.withDeadlineAfter(storeDeadline.toMillis(), TimeUnit.MILLISECONDS).store(request, observer);
        } catch (RuntimeException e) {
            observer.onError(e);
        }
        return observer.future().handle((response, error) -> {
            if (error != null) {
                // The client already has its answer; a lost store only costs a later miss.
                log.warn("tenant {}: cache store failed: {}", command.scope().tenantId(),
                        GrpcFailures.describe(error));
                return Optional.empty();
            }
            return Optional.of(response.getEntryId());
        });
    }

    private static CacheLookup toLookup(LookupResponse response) {
        if (!response.getHit()) {
            return new CacheLookup.Miss();
        }
        CachedEntry entry = response.getEntry();
        CacheLookup.MatchKind match = response.getMatch() == MatchKind.MATCH_KIND_SEMANTIC
                ? CacheLookup.MatchKind.SEMANTIC : CacheLookup.MatchKind.EXACT;
        return new CacheLookup.Hit(match, response.getSimilarity(), new CachedResponse(
                entry.getEntryId(), entry.getResponseBody().toByteArray(),
                entry.getContentType().isEmpty() ? "application/json" : entry.getContentType(),
                entry.getModel(), entry.getPromptTokens(), entry.getCompletionTokens()));
    }

    private static io.llmcache.proto.v1.CacheScope scope(CacheScope scope) {
        return io.llmcache.proto.v1.CacheScope.newBuilder()
                .setTenantId(scope.tenantId())
                .setNamespace(scope.namespace())
                .build();
    }

    private static io.llmcache.proto.v1.CacheMode mode(CacheMode mode) {
        return switch (mode) {
            case DEFAULT -> io.llmcache.proto.v1.CacheMode.CACHE_MODE_UNSPECIFIED;
            case EXACT -> io.llmcache.proto.v1.CacheMode.CACHE_MODE_EXACT;
            case SEMANTIC -> io.llmcache.proto.v1.CacheMode.CACHE_MODE_SEMANTIC;
            case OFF -> io.llmcache.proto.v1.CacheMode.CACHE_MODE_OFF;
        };
    }
}
