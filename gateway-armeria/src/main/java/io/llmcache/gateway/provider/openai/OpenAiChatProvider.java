package io.llmcache.gateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.util.Exceptions;
import io.llmcache.gateway.error.OpenAiError;
import io.llmcache.gateway.error.UpstreamException;
import io.llmcache.gateway.json.Json;
import io.llmcache.gateway.provider.ChatCompletion;
import io.llmcache.gateway.provider.ChatProvider;
import io.llmcache.gateway.provider.ChatStream;
import io.llmcache.gateway.provider.EmbeddingsResult;
import io.llmcache.gateway.provider.ModelList;
import io.llmcache.gateway.provider.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Any OpenAI-compatible upstream: {@code POST {base}/chat/completions} with the provider key as Bearer,
 * answered as one JSON body or, for streams, relayed as server-sent events as they arrive;
 * {@code POST {base}/embeddings} and {@code GET {base}/models} likewise.
 * Upstream error statuses reach the client with the upstream's own message and code; an unreachable
 * upstream becomes 502 and a slow one 504, both in OpenAI's error shape.
 */
public final class OpenAiChatProvider implements ChatProvider {

    private final WebClient client;
    private final String apiKey;
    private final Duration timeout;
    private final Json json;

    /**
     * @param client a WebClient whose base URI ends at the API version, e.g. {@code https://api.openai.com/v1},
     *     with its response timeout set to {@code timeout}
     * @param apiKey the provider key; empty sends no Authorization header (the simulated upstream needs none)
     */
    public OpenAiChatProvider(WebClient client, String apiKey, Duration timeout, Json json) {
        this.client = Objects.requireNonNull(client, "client");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public CompletableFuture<ChatCompletion> complete(byte[] body) {
        long start = System.nanoTime();
        return client.execute(request("/chat/completions", body, MediaType.JSON))
                .aggregate()
                .handle((response, error) -> {
                    if (error != null) {
                        throw translateFailure(Exceptions.peel(error));
                    }
                    return toCompletion(response, (System.nanoTime() - start) / 1_000_000);
                });
    }

    @Override
    public CompletableFuture<ChatStream> stream(byte[] body) {
        long start = System.nanoTime();
        SplitHttpResponse response = client.execute(request("/chat/completions", body, MediaType.EVENT_STREAM)).split();
        return response.headers().handle((headers, error) -> {
            if (error != null) {
                throw translateFailure(Exceptions.peel(error));
            }
            return headers;
        }).thenCompose(headers -> {
            if (headers.status().isSuccess()) {
                return CompletableFuture.completedFuture(new ChatStream(response.body(), start));
            }
            // An error answer is a small JSON body: read it whole and pass its message on.
            return response.body().collect().handle((parts, error) -> {
                byte[] bytes = error != null ? new byte[0] : concat(parts);
                throw upstreamError(headers.status(), json.readTreeOrNull(bytes));
            });
        });
    }

    @Override
    public CompletableFuture<EmbeddingsResult> embed(byte[] body) {
        long start = System.nanoTime();
        return client.execute(request("/embeddings", body, MediaType.JSON))
                .aggregate()
                .handle((response, error) -> {
                    if (error != null) {
                        throw translateFailure(Exceptions.peel(error));
                    }
                    return toEmbeddings(response, (System.nanoTime() - start) / 1_000_000);
                });
    }

    @Override
    public CompletableFuture<ModelList> listModels() {
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, "/models")
                .add(HttpHeaderNames.ACCEPT, MediaType.JSON.toString());
        if (!apiKey.isEmpty()) {
            headers.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + apiKey);
        }
        return client.execute(headers.build()).aggregate().handle((response, error) -> {
            if (error != null) {
                throw translateFailure(Exceptions.peel(error));
            }
            JsonNode parsed = json.readTreeOrNull(response.content().array());
            if (!response.status().isSuccess()) {
                // The upstream refusing the gateway (a bad provider key, an outage) is no fault of the client.
                OpenAiError upstream = OpenAiError.fromJson(parsed);
                throw UpstreamException.badResponse(name(), "GET /models answered " + response.status()
                        + (upstream != null ? ": " + upstream.message() : ""));
            }
            if (parsed == null || !parsed.path("data").isArray()) {
                throw UpstreamException.badResponse(name(), "GET /models did not return a list with 'data'");
            }
            return new ModelList(response.content().array(), contentType(response), parsed);
        });
    }

    @Override
    public UpstreamException streamFailure(Throwable cause) {
        Throwable peeled = Exceptions.peel(cause);
        if (peeled instanceof ResponseTimeoutException) {
            return UpstreamException.timedOut(name(), timeout.toMillis(), peeled);
        }
        return new UpstreamException(HttpStatus.BAD_GATEWAY, new OpenAiError("upstream provider " + name()
                + " broke off the stream: " + peeled, "upstream_error", "upstream_stream_interrupted", null), peeled);
    }

    private HttpRequest request(String path, byte[] body, MediaType accept) {
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path)
                .contentType(MediaType.JSON_UTF_8)
                .add(HttpHeaderNames.ACCEPT, accept.toString());
        if (!apiKey.isEmpty()) {
            headers.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + apiKey);
        }
        return HttpRequest.of(headers.build(), HttpData.wrap(body));
    }

    private static byte[] concat(List<HttpData> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HttpData part : parts) {
            out.writeBytes(part.array());
        }
        return out.toByteArray();
    }

    private UpstreamException upstreamError(HttpStatus status, @Nullable JsonNode parsed) {
        OpenAiError error = OpenAiError.fromJson(parsed);
        return new UpstreamException(status, error != null ? error : new OpenAiError(
                "upstream provider " + name() + " answered " + status, "upstream_error",
                "upstream_status_" + status.code(), null), null);
    }

    private ChatCompletion toCompletion(AggregatedHttpResponse response, long latencyMillis) {
        byte[] bytes = response.content().array();
        JsonNode parsed = json.readTreeOrNull(bytes);
        if (!response.status().isSuccess()) {
            throw upstreamError(response.status(), parsed);
        }
        if (parsed == null || !parsed.isObject()) {
            throw UpstreamException.badResponse(name(), "the body is not a JSON object");
        }
        JsonNode usage = parsed.get("usage");
        if (usage == null || !usage.path("prompt_tokens").canConvertToLong()
                || !usage.path("completion_tokens").canConvertToLong()) {
            // Metering depends on it: an answer without usage cannot be billed or priced.
            throw UpstreamException.badResponse(name(), "no usage.prompt_tokens/completion_tokens");
        }
        return new ChatCompletion(bytes, contentType(response), parsed,
                new TokenUsage(usage.get("prompt_tokens").asLong(), usage.get("completion_tokens").asLong()),
                latencyMillis);
    }

    private EmbeddingsResult toEmbeddings(AggregatedHttpResponse response, long latencyMillis) {
        byte[] bytes = response.content().array();
        JsonNode parsed = json.readTreeOrNull(bytes);
        if (!response.status().isSuccess()) {
            throw upstreamError(response.status(), parsed);
        }
        if (parsed == null || !parsed.path("data").isArray()) {
            throw UpstreamException.badResponse(name(), "the body is not an embeddings list with 'data'");
        }
        JsonNode promptTokens = parsed.path("usage").path("prompt_tokens");
        if (!promptTokens.canConvertToLong()) {
            // Metering depends on it: an answer without usage cannot be billed or priced.
            throw UpstreamException.badResponse(name(), "no usage.prompt_tokens");
        }
        return new EmbeddingsResult(bytes, contentType(response), parsed, promptTokens.asLong(), latencyMillis);
    }

    private static String contentType(AggregatedHttpResponse response) {
        MediaType contentType = response.contentType();
        return contentType != null ? contentType.toString() : MediaType.JSON.toString();
    }

    private UpstreamException translateFailure(Throwable cause) {
        if (cause instanceof UpstreamException upstream) {
            return upstream;
        }
        if (cause instanceof ResponseTimeoutException) {
            return UpstreamException.timedOut(name(), timeout.toMillis(), cause);
        }
        Throwable reason = cause instanceof UnprocessedRequestException unprocessed && unprocessed.getCause() != null
                ? unprocessed.getCause() : cause;
        return UpstreamException.unreachable(name(), reason);
    }
}
