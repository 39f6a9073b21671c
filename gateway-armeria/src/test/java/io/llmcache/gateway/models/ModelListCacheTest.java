package io.llmcache.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.llmcache.gateway.error.UpstreamException;
import io.llmcache.gateway.provider.ChatCompletion;
import io.llmcache.gateway.provider.ChatProvider;
import io.llmcache.gateway.provider.ChatStream;
import io.llmcache.gateway.provider.EmbeddingsResult;
import io.llmcache.gateway.provider.ModelList;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ModelListCacheTest {

    /** Answers listModels() with queued futures and counts the calls. */
    private static final class FakeProvider implements ChatProvider {
        final Deque<CompletableFuture<ModelList>> answers = new ArrayDeque<>();
        int calls;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public CompletableFuture<ModelList> listModels() {
            calls++;
            return answers.pop();
        }

        @Override
        public CompletableFuture<ChatCompletion> complete(byte[] body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<ChatStream> stream(byte[] body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<EmbeddingsResult> embed(byte[] body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UpstreamException streamFailure(Throwable cause) {
            throw new UnsupportedOperationException();
        }
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static ModelList list(String id) {
        String body = "{\"object\":\"list\",\"data\":[{\"id\":\"" + id + "\"}]}";
        return new ModelList(body.getBytes(StandardCharsets.UTF_8), "application/json",
                JsonNodeFactory.instance.objectNode());
    }

    private final FakeProvider provider = new FakeProvider();
    private final ManualClock clock = new ManualClock();
    private final ModelListCache cache = new ModelListCache(provider, Duration.ofSeconds(60), clock);

    @Test
    void servesTheListFromMemoryUntilItExpires() {
        provider.answers.add(CompletableFuture.completedFuture(list("first")));
        provider.answers.add(CompletableFuture.completedFuture(list("second")));

        ModelList first = cache.get().join();
        clock.now = clock.now.plusSeconds(59);
        assertThat(cache.get().join()).isSameAs(first);
        assertThat(provider.calls).isEqualTo(1);

        clock.now = clock.now.plusSeconds(1);
        assertThat(new String(cache.get().join().body(), StandardCharsets.UTF_8)).contains("second");
        assertThat(provider.calls).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneUpstreamRequest() {
        CompletableFuture<ModelList> pending = new CompletableFuture<>();
        provider.answers.add(pending);

        CompletableFuture<ModelList> a = cache.get();
        CompletableFuture<ModelList> b = cache.get();
        pending.complete(list("only"));

        assertThat(a.join()).isSameAs(b.join());
        assertThat(provider.calls).isEqualTo(1);
    }

    @Test
    void aFailureIsNotKeptSoTheNextCallerTriesAgain() {
        provider.answers.add(CompletableFuture.failedFuture(
                UpstreamException.badResponse("fake", "GET /models answered 500")));
        provider.answers.add(CompletableFuture.completedFuture(list("recovered")));

        assertThatThrownBy(() -> cache.get().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(UpstreamException.class);
        assertThat(new String(cache.get().join().body(), StandardCharsets.UTF_8)).contains("recovered");
        assertThat(provider.calls).isEqualTo(2);
    }
}
