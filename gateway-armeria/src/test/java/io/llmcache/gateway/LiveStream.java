package io.llmcache.gateway;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import io.llmcache.gateway.chat.stream.SseDecoder;
import io.llmcache.gateway.chat.stream.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** A streaming chat request seen from the client: events are read one at a time as they arrive. */
final class LiveStream implements Subscriber<HttpData> {

    private static final long WAIT_SECONDS = 15;

    private final HttpResponse response;
    private final SseDecoder decoder = new SseDecoder();
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CompletableFuture<ResponseHeaders> headers;

    private LiveStream(HttpResponse response) {
        this.response = response;
        SplitHttpResponse split = response.split();
        this.headers = split.headers();
        split.body().subscribe(this);
    }

    static LiveStream open(WebClient client, String key, String body) {
        return new LiveStream(client.execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST,
                        "/v1/chat/completions")
                .contentType(MediaType.JSON_UTF_8)
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + key)
                .build(), HttpData.ofUtf8(body))));
    }

    ResponseHeaders headers() throws Exception {
        return headers.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next event; fails if none arrives in time. */
    SseEvent next() throws InterruptedException {
        SseEvent event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + WAIT_SECONDS + " s");
        }
        return event;
    }

    /** Every remaining event, once the response has ended. */
    List<SseEvent> rest() throws Exception {
        ended.get(WAIT_SECONDS, TimeUnit.SECONDS);
        List<SseEvent> rest = new ArrayList<>();
        events.drainTo(rest);
        return rest;
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    /** Disconnects, as a client that gives up mid-stream does. */
    void abort() {
        response.abort();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(HttpData data) {
        events.addAll(decoder.feed(data.array()));
    }

    @Override
    public void onError(Throwable cause) {
        ended.completeExceptionally(cause);
    }

    @Override
    public void onComplete() {
        ended.complete(null);
    }
}
