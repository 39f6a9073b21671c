package io.llmcache.gateway.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Post;
import io.llmcache.gateway.auth.Authentication;
import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.cache.CacheLookup;
import io.llmcache.gateway.cache.CacheMode;
import io.llmcache.gateway.cache.CacheQuery;
import io.llmcache.gateway.cache.CacheScope;
import io.llmcache.gateway.cache.CachedResponse;
import io.llmcache.gateway.cache.ResponseCache;
import io.llmcache.gateway.cache.StoreCommand;
import io.llmcache.gateway.cachekey.CacheKeys;
import io.llmcache.gateway.cachekey.EmbeddingsCanonicalizer;
import io.llmcache.gateway.chat.CacheDirectives;
import io.llmcache.gateway.chat.CacheHeaders;
import io.llmcache.gateway.json.Json;
import io.llmcache.gateway.provider.ChatProvider;
import io.llmcache.gateway.provider.EmbeddingsResult;
import io.llmcache.gateway.usage.ChatOutcome;
import io.llmcache.gateway.usage.RequestFacts;
import io.llmcache.gateway.usage.UsageMetering;
import io.llmcache.proto.v1.CacheResult;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/embeddings}: exact-cached. A hit is answered from the cache with the stored bytes, so
 * the vectors are identical; a miss is forwarded upstream, answered, and stored in the background.
 * There is no semantic tier: a similar input does not have the same vector. {@code x-llmcache-mode: off}
 * and the {@code Cache-Control} directives work as for chat.
 */
public final class EmbeddingsService {

    private final EmbeddingsCanonicalizer canonicalizer;
    private final ResponseCache cache;
    private final ChatProvider provider;
    private final Json json;

    public EmbeddingsService(EmbeddingsCanonicalizer canonicalizer, ResponseCache cache, ChatProvider provider,
                             Json json) {
        this.canonicalizer = Objects.requireNonNull(canonicalizer, "canonicalizer");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Post("/v1/embeddings")
    public CompletableFuture<HttpResponse> embed(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        Caller.Tenant tenant = Authentication.requireTenant(ctx);
        CacheDirectives directives = CacheDirectives.from(request.headers());
        byte[] raw = request.content().array();
        EmbeddingsRequest embeddings = EmbeddingsRequest.validate(json.readObject(raw), raw);
        UsageMetering.recordFacts(ctx, new RequestFacts(embeddings.model(), provider.name(), directives.namespace(),
                false));

        CacheScope scope = new CacheScope(tenant.tenantId(), directives.namespace());
        CacheKeys keys = canonicalizer.keys(tenant.tenantId(), directives.namespace(), embeddings.model(),
                embeddings.body());
        CompletableFuture<CacheLookup> lookup = directives.skipLookup()
                ? CompletableFuture.completedFuture(new CacheLookup.Bypass("lookup skipped by request"))
                : cache.lookup(new CacheQuery(scope, keys, embeddings.model(), CacheMode.EXACT,
                        directives.maxAgeSeconds()));
        return lookup.thenCompose(result -> {
            if (result instanceof CacheLookup.Hit hit) {
                return CompletableFuture.completedFuture(serveHit(ctx, hit));
            }
            CacheResult cacheResult = result instanceof CacheLookup.Miss ? CacheResult.CACHE_RESULT_MISS
                    : CacheResult.CACHE_RESULT_BYPASS;
            return provider.embed(raw).thenApply(fresh ->
                    serveFresh(ctx, scope, keys, embeddings, directives, fresh, cacheResult));
        });
    }

    private static HttpResponse serveHit(ServiceRequestContext ctx, CacheLookup.Hit hit) {
        CachedResponse entry = hit.entry();
        UsageMetering.recordOutcome(ctx, new ChatOutcome(CacheResult.CACHE_RESULT_EXACT, hit.similarity(),
                entry.promptTokens(), 0, entry.entryId(), 0));
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.parse(entry.contentType()))
                .add(CacheHeaders.CACHE, "HIT")
                .add(CacheHeaders.MATCH, "exact")
                .add(CacheHeaders.SIMILARITY, String.format(Locale.ROOT, "%.4f", hit.similarity()))
                .add(CacheHeaders.ENTRY, entry.entryId())
                .build();
        return HttpResponse.of(headers, HttpData.wrap(entry.body()));
    }

    private HttpResponse serveFresh(ServiceRequestContext ctx, CacheScope scope, CacheKeys keys,
                                    EmbeddingsRequest embeddings, CacheDirectives directives, EmbeddingsResult fresh,
                                    CacheResult cacheResult) {
        if (!directives.skipStore() && isStorable(fresh.json())) {
            // Fire and forget: the client never waits for the store, and a failed store is only logged.
            cache.store(new StoreCommand(scope, keys, CacheMode.EXACT, embeddings.model(), fresh.body(),
                    fresh.contentType(), fresh.promptTokens(), 0, directives.maxAgeSeconds()));
        }
        UsageMetering.recordOutcome(ctx, new ChatOutcome(cacheResult, 0f, fresh.promptTokens(), 0, "",
                fresh.upstreamLatencyMillis()));
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.parse(fresh.contentType()))
                .add(CacheHeaders.CACHE, cacheResult == CacheResult.CACHE_RESULT_MISS ? "MISS" : "BYPASS")
                .build();
        return HttpResponse.of(headers, HttpData.wrap(fresh.body()));
    }

    /** Only a complete answer is kept: one embedding per item, and the usage that prices a hit. */
    static boolean isStorable(JsonNode response) {
        JsonNode data = response.get("data");
        if (data == null || !data.isArray() || data.isEmpty() || !response.path("usage").isObject()) {
            return false;
        }
        for (JsonNode item : data) {
            JsonNode embedding = item.get("embedding");
            if (embedding == null || !(embedding.isArray() && !embedding.isEmpty() || embedding.isTextual())) {
                return false;
            }
        }
        return true;
    }
}
