package io.llmcache.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.llmcache.gateway.chat.stream.ChunkAssembler;
import io.llmcache.gateway.chat.stream.EventStreams;
import io.llmcache.gateway.chat.stream.SseDecoder;
import io.llmcache.gateway.chat.stream.SseEvent;
import io.llmcache.gateway.error.ApiException;
import io.llmcache.gateway.error.UpstreamException;
import io.llmcache.gateway.provider.ChatProvider;
import io.llmcache.gateway.provider.ChatStream;
import io.llmcache.gateway.requestid.RequestIds;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.function.Consumer;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one upstream event stream to the client event by event, as it arrives, one upstream chunk in
 * flight at a time (the next is requested once the client's connection took the previous one). It records
 * the full event sequence on the side, so that a stream that ended normally can be stored.
 *
 * <p>Failures: an upstream that breaks off, times out or ends without {@code [DONE]} gives the client an
 * error event in OpenAI's shape and then the end of the stream; a client that goes away cancels the
 * upstream request. In both cases nothing is reported to {@code onEnd} as complete. All callbacks run on
 * the request's event loop.
 */
final class StreamRelay implements Subscriber<HttpData> {

    /** How the upstream stream ended, reported once, before the client's response is closed. */
    record End(boolean complete, ObjectNode assembled, @Nullable JsonNode usage, byte[] events,
               long upstreamLatencyMillis) {
    }

    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);

    private final ServiceRequestContext ctx;
    private final ChatStream upstream;
    private final HttpResponseWriter client;
    private final boolean includeUsage;
    private final ChatProvider provider;
    private final EventStreams streams;
    private final ObjectMapper mapper;
    private final EventExecutor executor;
    private final Consumer<End> onEnd;
    private final SseDecoder decoder = new SseDecoder();
    private final ChunkAssembler assembler;
    private final ByteArrayOutputStream events = new ByteArrayOutputStream();
    @Nullable
    private Subscription subscription;
    private boolean done;
    private boolean errorEvent;
    private boolean finished;

    StreamRelay(ServiceRequestContext ctx, ChatStream upstream, HttpResponseWriter client, boolean includeUsage,
                ChatProvider provider, EventStreams streams, ObjectMapper mapper, Consumer<End> onEnd) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.client = Objects.requireNonNull(client, "client");
        this.includeUsage = includeUsage;
        this.provider = Objects.requireNonNull(provider, "provider");
        this.streams = Objects.requireNonNull(streams, "streams");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.executor = ctx.eventLoop();
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
        this.assembler = new ChunkAssembler(mapper);
    }

    void start() {
        // The client disconnecting (or the server timing the request out) cancels the upstream request,
        // also when it happens before the server subscribed to the response.
        client.whenComplete().handle((ignored, error) -> {
            executor.execute(this::clientGone);
            return null;
        });
        ctx.whenRequestCancelled().thenRun(() -> executor.execute(this::clientGone));
        upstream.body().subscribe(this, executor);
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        if (finished) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(HttpData data) {
        if (finished) {
            return;
        }
        for (SseEvent event : decoder.feed(data.array())) {
            relay(event);
        }
        // Ask for more only once the client's connection has taken what was written: no unbounded buffering.
        client.whenConsumed().thenRun(() -> executor.execute(this::requestNext));
    }

    private void requestNext() {
        if (!finished && subscription != null) {
            subscription.request(1);
        }
    }

    private void relay(SseEvent event) {
        if (event.isDone()) {
            done = true;
            events.writeBytes(EventStreams.doneEvent());
            client.tryWrite(HttpData.wrap(EventStreams.doneEvent()));
            return;
        }
        JsonNode chunk = streams.parse(event.data());
        if (chunk == null || chunk.has("error") || !event.event().isEmpty() && !"message".equals(event.event())) {
            // An in-band error (or anything that is not a chunk) is passed on, and the stream is never stored.
            errorEvent = true;
            client.tryWrite(HttpData.wrap(EventStreams.event(event.data())));
            return;
        }
        assembler.accept(chunk);
        events.writeBytes(EventStreams.event(event.data()));
        String forClient = streams.forClient(event.data(), chunk, includeUsage);
        if (forClient != null) {
            client.tryWrite(HttpData.wrap(EventStreams.event(forClient)));
        }
    }

    @Override
    public void onError(Throwable cause) {
        if (finished) {
            return;
        }
        fail(provider.streamFailure(cause));
    }

    @Override
    public void onComplete() {
        if (finished) {
            return;
        }
        if (!done) {
            fail(UpstreamException.badResponse(provider.name(),
                    "the event stream ended before data: [DONE]"));
            return;
        }
        finish(!errorEvent && !decoder.hasPartialEvent() && assembler.allChoicesFinished());
    }

    private void fail(ApiException failure) {
        log.warn("request {}: stream from {} failed after it started: {}", RequestIds.of(ctx), provider.name(),
                failure.getMessage());
        client.tryWrite(HttpData.wrap(EventStreams.event(failure.toError().toJson(mapper).toString())));
        finish(false);
    }

    private void finish(boolean complete) {
        finished = true;
        try {
            onEnd.accept(new End(complete, assembler.toCompletion(), assembler.usage(), events.toByteArray(),
                    (System.nanoTime() - upstream.startNanos()) / 1_000_000));
        } finally {
            client.close();
        }
    }

    private void clientGone() {
        if (finished) {
            return;
        }
        finished = true;
        client.abort();
        if (subscription != null) {
            subscription.cancel();
        } else {
            upstream.body().abort();
        }
    }
}
