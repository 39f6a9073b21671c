package io.llmcache.cache.service;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.llmcache.cache.CacheEntry;
import io.llmcache.cache.CacheStats;
import io.llmcache.cache.EntryProtos;
import io.llmcache.cache.Hit;
import io.llmcache.cache.OverloadedException;
import io.llmcache.cache.TieredCache;
import io.llmcache.proto.v1.CacheServiceGrpc;
import io.llmcache.proto.v1.InvalidateRequest;
import io.llmcache.proto.v1.InvalidateResponse;
import io.llmcache.proto.v1.LookupRequest;
import io.llmcache.proto.v1.LookupResponse;
import io.llmcache.proto.v1.MatchKind;
import io.llmcache.proto.v1.StatsRequest;
import io.llmcache.proto.v1.StatsResponse;
import io.llmcache.proto.v1.StoreRequest;
import io.llmcache.proto.v1.StoreResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The gRPC face of {@link TieredCache}. Handlers run on the transport thread and only hand the call to
 * the bounded worker pool, where parsing, Redis, PostgreSQL and the embedding model run.
 */
public final class CacheGrpcService extends CacheServiceGrpc.CacheServiceImplBase {
    private final TieredCache cache;
    private final RequestParser parser;
    private final Executor workers;
    private final StatusMapper statusMapper = new StatusMapper();

    public CacheGrpcService(TieredCache cache, Duration defaultTtl, Executor workers) {
        this.cache = requireNonNull(cache, "cache");
        this.parser = new RequestParser(defaultTtl);
        this.workers = requireNonNull(workers, "workers");
    }

    @Override
    public void lookup(LookupRequest request, StreamObserver<LookupResponse> responses) {
        offload("Lookup", responses, () -> lookupResponse(cache.lookup(parser.lookup(request))));
    }

    @Override
    public void store(StoreRequest request, StreamObserver<StoreResponse> responses) {
        offload("Store", responses, () -> {
            CacheEntry stored = cache.store(parser.store(request));
            return StoreResponse.newBuilder().setEntryId(stored.id().toString()).build();
        });
    }

    @Override
    public void invalidate(InvalidateRequest request, StreamObserver<InvalidateResponse> responses) {
        offload("Invalidate", responses, () -> {
            long removed = cache.invalidate(parser.scope(request.getScope()), parser.invalidation(request));
            return InvalidateResponse.newBuilder().setRemoved(removed).build();
        });
    }

    @Override
    public void stats(StatsRequest request, StreamObserver<StatsResponse> responses) {
        offload("Stats", responses, () -> {
            String tenantId = parser.scope(request.getScope()).tenantId();
            Optional<String> namespace = parser.statsNamespace(request);
            CacheStats stats = cache.stats(tenantId, namespace);
            return StatsResponse.newBuilder()
                    .setEntries(stats.entries())
                    .setSemanticEntries(stats.semanticEntries())
                    .setLookups(stats.lookups())
                    .setExactHits(stats.exactHits())
                    .setSemanticHits(stats.semanticHits())
                    .setMisses(stats.misses())
                    .build();
        });
    }

    private <T> void offload(String method, StreamObserver<T> responses, Supplier<T> work) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) responses;
        // A cancelled call just drops its answer; without a handler onNext would throw.
        call.setOnCancelHandler(() -> { });
        Runnable task = Context.current().wrap(() -> {
            if (call.isCancelled()) {
                return; // the deadline passed while queued: the caller is gone
            }
            T response;
            try {
                response = work.get();
            } catch (RuntimeException e) {
                call.onError(statusMapper.toStatus(method, e));
                return;
            }
            call.onNext(response);
            call.onCompleted();
        });
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            call.onError(statusMapper.toStatus(method,
                    new OverloadedException("cache-server worker queue is full; retry later")));
        }
    }

    private static LookupResponse lookupResponse(Optional<Hit> hit) {
        if (hit.isEmpty()) {
            return LookupResponse.newBuilder().setHit(false).build();
        }
        Hit found = hit.get();
        return LookupResponse.newBuilder()
                .setHit(true)
                .setMatch(found.match() == Hit.Match.EXACT ? MatchKind.MATCH_KIND_EXACT : MatchKind.MATCH_KIND_SEMANTIC)
                .setSimilarity((float) found.similarity())
                .setEntry(EntryProtos.toProto(found.entry()))
                .build();
    }
}
