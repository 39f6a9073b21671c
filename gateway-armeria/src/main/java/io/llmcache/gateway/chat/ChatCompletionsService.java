package io.llmcache.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Post;
import io.llmcache.gateway.auth.Authentication;
import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.cache.CacheLookup;
import io.llmcache.gateway.cache.CacheQuery;
import io.llmcache.gateway.cache.CacheScope;
import io.llmcache.gateway.cache.CachedResponse;
import io.llmcache.gateway.cache.ResponseCache;
import io.llmcache.gateway.cache.StoreCommand;
import io.llmcache.gateway.cachekey.CacheKeys;
import io.llmcache.gateway.cachekey.RequestCanonicalizer;
import io.llmcache.gateway.chat.stream.ChunkSynthesizer;
import io.llmcache.gateway.chat.stream.EventStreams;
import io.llmcache.gateway.json.Json;
import io.llmcache.gateway.provider.ChatCompletion;
import io.llmcache.gateway.provider.ChatProvider;
import io.llmcache.gateway.provider.ChatStream;
import io.llmcache.gateway.usage.ChatOutcome;
import io.llmcache.gateway.usage.RequestFacts;
import io.llmcache.gateway.usage.UsageMetering;
import io.llmcache.proto.v1.CacheResult;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/chat/completions}: look the request up in the cache, answer a hit from it, otherwise
 * forward it upstream, answer, and store the answer in the background. Only the lookup is awaited, and
 * its deadline is short: a cache that fails or is slow turns into {@code x-llmcache: BYPASS}.
 *
 * <p>Streams ({@code "stream": true}) are relayed event by event as the upstream sends them and stored
 * only once they ended normally. Whatever form an entry was stored in, it answers both forms: a stored
 * stream is assembled into a {@code chat.completion}, a stored completion is rendered as chunks.
 */
public final class ChatCompletionsService {

    private final RequestCanonicalizer canonicalizer;
    private final ResponseCache cache;
    private final ChatProvider provider;
    private final Json json;
    private final EventStreams streams;
    private final ChunkSynthesizer synthesizer;

    public ChatCompletionsService(RequestCanonicalizer canonicalizer, ResponseCache cache, ChatProvider provider,
                                  Json json) {
        this.canonicalizer = Objects.requireNonNull(canonicalizer, "canonicalizer");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.json = Objects.requireNonNull(json, "json");
        this.streams = new EventStreams(json.mapper());
        this.synthesizer = new ChunkSynthesizer(json.mapper());
    }

    @Post("/v1/chat/completions")
    public CompletableFuture<HttpResponse> complete(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        Caller.Tenant tenant = Authentication.requireTenant(ctx);
        CacheDirectives directives = CacheDirectives.from(request.headers());
        byte[] raw = request.content().array();
        ChatRequest chat = ChatRequest.validate(json.readObject(raw), raw);
        UsageMetering.recordFacts(ctx, new RequestFacts(chat.model(), provider.name(), directives.namespace(),
                chat.streaming()));

        CacheScope scope = new CacheScope(tenant.tenantId(), directives.namespace());
        CacheKeys keys = canonicalizer.keys(tenant.tenantId(), directives.namespace(), chat.model(), chat.body());
        CompletableFuture<CacheLookup> lookup = directives.skipLookup()
                ? CompletableFuture.completedFuture(new CacheLookup.Bypass("lookup skipped by request"))
                : cache.lookup(new CacheQuery(scope, keys, chat.model(), directives.mode(), directives.maxAgeSeconds()));
        return lookup.thenCompose(result -> {
            if (result instanceof CacheLookup.Hit hit) {
                return CompletableFuture.completedFuture(serveHit(ctx, hit, chat));
            }
            CacheResult cacheResult = result instanceof CacheLookup.Miss ? CacheResult.CACHE_RESULT_MISS
                    : CacheResult.CACHE_RESULT_BYPASS;
            if (chat.streaming()) {
                return provider.stream(chat.upstreamStreamBody(json)).thenApply(stream ->
                        relayFresh(ctx, scope, keys, chat, directives, stream, cacheResult));
            }
            return provider.complete(chat.raw()).thenApply(completion ->
                    serveFresh(ctx, scope, keys, chat, directives, completion, cacheResult));
        });
    }

    private HttpResponse serveHit(ServiceRequestContext ctx, CacheLookup.Hit hit, ChatRequest chat) {
        boolean semantic = hit.match() == CacheLookup.MatchKind.SEMANTIC;
        UsageMetering.recordOutcome(ctx, new ChatOutcome(
                semantic ? CacheResult.CACHE_RESULT_SEMANTIC : CacheResult.CACHE_RESULT_EXACT, hit.similarity(),
                hit.entry().promptTokens(), hit.entry().completionTokens(), hit.entry().entryId(), 0));
        CachedResponse entry = hit.entry();
        Rendered rendered = render(entry, chat);
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(rendered.contentType())
                .add(CacheHeaders.CACHE, "HIT")
                .add(CacheHeaders.MATCH, semantic ? "semantic" : "exact")
                .add(CacheHeaders.SIMILARITY, String.format(Locale.ROOT, "%.4f", hit.similarity()))
                .add(CacheHeaders.ENTRY, entry.entryId())
                .build();
        return HttpResponse.of(headers, HttpData.wrap(rendered.body()));
    }

    /** A cached answer in the form the request asked for, whichever form it was stored in. */
    private Rendered render(CachedResponse entry, ChatRequest chat) {
        boolean storedStream = EventStreams.isEventStream(entry.contentType());
        if (chat.streaming()) {
            return new Rendered(MediaType.EVENT_STREAM, storedStream ? streams.replay(entry.body(), chat.includeUsage())
                    : streams.render(synthesizer.chunks(storedJson(entry), chat.includeUsage())));
        }
        if (storedStream) {
            return new Rendered(MediaType.JSON, json.write(streams.assemble(entry.body())));
        }
        return new Rendered(MediaType.parse(entry.contentType()), entry.body());
    }

    private record Rendered(MediaType contentType, byte[] body) {
    }

    private JsonNode storedJson(CachedResponse entry) {
        JsonNode stored = json.readTreeOrNull(entry.body());
        if (stored == null || !stored.isObject()) {
            throw new IllegalStateException("cache entry " + entry.entryId() + " of type " + entry.contentType()
                    + " is not a JSON object");
        }
        return stored;
    }

    /**
     * Sends the headers at once and relays the upstream's events as they come. The stream is stored only
     * if it ended normally: {@code [DONE]} received, every choice finished, usage reported, no error.
     */
    private HttpResponse relayFresh(ServiceRequestContext ctx, CacheScope scope, CacheKeys keys, ChatRequest chat,
                                    CacheDirectives directives, ChatStream stream, CacheResult cacheResult) {
        HttpResponseWriter response = HttpResponse.streaming();
        response.write(ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.EVENT_STREAM)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .add(CacheHeaders.CACHE, cacheResult == CacheResult.CACHE_RESULT_MISS ? "MISS" : "BYPASS")
                .build());
        new StreamRelay(ctx, stream, response, chat.includeUsage(), provider, streams, json.mapper(),
                end -> streamEnded(ctx, scope, keys, chat, directives, cacheResult, end)).start();
        return response;
    }

    /** Runs before the client's stream is closed, so the usage decorator sees the outcome. */
    private void streamEnded(ServiceRequestContext ctx, CacheScope scope, CacheKeys keys, ChatRequest chat,
                             CacheDirectives directives, CacheResult cacheResult, StreamRelay.End end) {
        if (!end.complete()) {
            return; // metered as an error: the client did not get a whole answer
        }
        JsonNode usage = end.usage();
        long promptTokens = usage == null ? 0 : usage.path("prompt_tokens").asLong(0);
        long completionTokens = usage == null ? 0 : usage.path("completion_tokens").asLong(0);
        // Without usage a replay could not give the usage chunk back: such streams are relayed, never stored.
        if (!directives.skipStore() && usage != null && Cacheability.isStorable(end.assembled())) {
            cache.store(new StoreCommand(scope, keys, directives.mode(), chat.model(), end.events(),
                    EventStreams.CONTENT_TYPE, promptTokens, completionTokens, directives.maxAgeSeconds()));
        }
        UsageMetering.recordOutcome(ctx, new ChatOutcome(cacheResult, 0f, promptTokens, completionTokens, "",
                end.upstreamLatencyMillis()));
    }

    private HttpResponse serveFresh(ServiceRequestContext ctx, CacheScope scope, CacheKeys keys, ChatRequest chat,
                                    CacheDirectives directives, ChatCompletion completion, CacheResult cacheResult) {
        if (!directives.skipStore() && Cacheability.isStorable(completion.json())) {
            // Fire and forget: the client never waits for the store, and a failed store is only logged.
            cache.store(new StoreCommand(scope, keys, directives.mode(), chat.model(), completion.body(),
                    completion.contentType(), completion.usage().promptTokens(),
                    completion.usage().completionTokens(), directives.maxAgeSeconds()));
        }
        UsageMetering.recordOutcome(ctx, new ChatOutcome(cacheResult, 0f, completion.usage().promptTokens(),
                completion.usage().completionTokens(), "", completion.upstreamLatencyMillis()));
        ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.parse(completion.contentType()))
                .add(CacheHeaders.CACHE, cacheResult == CacheResult.CACHE_RESULT_MISS ? "MISS" : "BYPASS");
        return HttpResponse.of(headers.build(), HttpData.wrap(completion.body()));
    }
}
