package io.llmcache.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Post;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenAI-compatible endpoints of the simulated upstream. Faults are injected per request with
 * {@code x-sim-status} and {@code x-sim-latency-ms}, or queued in-process with {@link #failNext(int)}.
 * Streams ({@code "stream": true}) send their first chunk after the latency and the next ones after the
 * chunk delay; a {@link SimStreamGate} can hold one mid-stream.
 */
final class SimChatService {

    static final String STATUS_HEADER = "x-sim-status";
    static final String LATENCY_HEADER = "x-sim-latency-ms";
    private static final int MAX_CHOICES = 8;

    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration defaultLatency;
    private final Duration chunkDelay;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong chatRequests = new AtomicLong();
    private final Queue<Integer> queuedFailures = new ConcurrentLinkedQueue<>();
    private final Queue<SimStreamGate> gates = new ConcurrentLinkedQueue<>();
    private final AtomicLong cancelledStreams = new AtomicLong();

    SimChatService(ObjectMapper mapper, Clock clock, Duration defaultLatency, Duration chunkDelay) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultLatency = Objects.requireNonNull(defaultLatency, "defaultLatency");
        this.chunkDelay = Objects.requireNonNull(chunkDelay, "chunkDelay");
    }

    long cancelledStreams() {
        return cancelledStreams.get();
    }

    SimStreamGate holdStream(String lastUserMessage) {
        SimStreamGate gate = new SimStreamGate(lastUserMessage);
        gates.add(gate);
        return gate;
    }

    long chatRequests() {
        return chatRequests.get();
    }

    void failNext(int status) {
        queuedFailures.add(status);
    }

    @Post("/v1/chat/completions")
    public HttpResponse chatCompletions(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        chatRequests.incrementAndGet();
        Duration latency = latency(request);
        Integer queued = queuedFailures.poll();
        String statusHeader = request.headers().get(STATUS_HEADER);
        if (queued != null || statusHeader != null) {
            int status = queued != null ? queued : parseStatus(statusHeader);
            return delayed(error(HttpStatus.valueOf(status), "Simulated upstream failure with status " + status + ".",
                    null), latency);
        }
        JsonNode body;
        try {
            body = mapper.readTree(request.content().array());
        } catch (IOException e) {
            return error(HttpStatus.BAD_REQUEST, "We could not parse the JSON body of your request.", null);
        }
        if (body == null || !body.isObject()) {
            return error(HttpStatus.BAD_REQUEST, "The request body must be a JSON object.", null);
        }
        if (!body.path("model").isTextual()) {
            return error(HttpStatus.BAD_REQUEST, "you must provide a model parameter", "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "'messages' must be a non-empty array.", "messages");
        }
        int choices = body.path("n").asInt(1);
        if (choices < 1 || choices > MAX_CHOICES) {
            return error(HttpStatus.BAD_REQUEST, "'n' must be between 1 and " + MAX_CHOICES + ".", "n");
        }
        SimCompletion completion = SimCompletion.answer(newId(), clock.instant().getEpochSecond(),
                body.get("model").asText(), messages, body.get("tools"), choices, mapper);
        if (body.path("stream").asBoolean(false)) {
            boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
            return stream(ctx, completion.toChunks(mapper, includeUsage), latency,
                    takeGate(SimCompletion.lastUserText(messages)));
        }
        return delayed(json(HttpStatus.OK, completion.toJson(mapper)), latency);
    }

    @Nullable
    private SimStreamGate takeGate(String prompt) {
        for (SimStreamGate gate : gates) {
            if (gate.prompt().equals(prompt) && gates.remove(gate)) {
                return gate;
            }
        }
        return null;
    }

    private HttpResponse stream(ServiceRequestContext ctx, List<ObjectNode> chunks, Duration latency,
                                @Nullable SimStreamGate gate) {
        // A stream lives as long as its chunks take; only the upstream's client decides when to give up.
        ctx.clearRequestTimeout();
        HttpResponseWriter response = HttpResponse.streaming();
        response.write(ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.EVENT_STREAM)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .build());
        AtomicBoolean failedOnPurpose = new AtomicBoolean();
        response.whenComplete().handle((ignored, error) -> {
            if (error == null) {
                markEnded(gate, SimStreamGate.End.COMPLETED);
            } else if (failedOnPurpose.get()) {
                markEnded(gate, SimStreamGate.End.FAILED);
            } else {
                cancelledStreams.incrementAndGet();
                markEnded(gate, SimStreamGate.End.CANCELLED);
            }
            return null;
        });
        new StreamTask(ctx.eventLoop(), response, chunks, gate, failedOnPurpose).writeAfter(latency, 0);
        return response;
    }

    private static void markEnded(@Nullable SimStreamGate gate, SimStreamGate.End end) {
        if (gate != null) {
            gate.markEnded(end);
        }
    }

    /** Writes one stream's chunks on its event loop, paced by the chunk delay. */
    private final class StreamTask {

        /** The role chunk is index 0; the gate holds right after the first content chunk. */
        private static final int HOLD_AFTER = 1;

        private final EventLoop loop;
        private final HttpResponseWriter response;
        private final List<ObjectNode> chunks;
        @Nullable
        private final SimStreamGate gate;
        private final AtomicBoolean failedOnPurpose;

        StreamTask(EventLoop loop, HttpResponseWriter response, List<ObjectNode> chunks,
                   @Nullable SimStreamGate gate, AtomicBoolean failedOnPurpose) {
            this.loop = loop;
            this.response = response;
            this.chunks = chunks;
            this.gate = gate;
            this.failedOnPurpose = failedOnPurpose;
        }

        void writeAfter(Duration delay, int index) {
            if (delay.isZero()) {
                loop.execute(() -> write(index));
            } else {
                loop.schedule(() -> write(index), delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void write(int index) {
            if (!response.isOpen()) {
                return;
            }
            if (index == chunks.size()) {
                response.tryWrite(HttpData.ofUtf8("data: [DONE]\n\n"));
                response.close();
                return;
            }
            boolean hold = gate != null && index == HOLD_AFTER;
            if (hold) {
                // Before the write: a client that has this chunk must find the gate already reached.
                gate.markReached();
            }
            response.tryWrite(HttpData.ofUtf8("data: " + chunks.get(index) + "\n\n"));
            if (hold) {
                gate.released().thenAccept(proceed -> loop.execute(() -> {
                    if (proceed) {
                        write(index + 1);
                    } else {
                        failedOnPurpose.set(true);
                        response.abort(new IllegalStateException("simulated upstream failure mid-stream"));
                    }
                }));
                return;
            }
            writeAfter(chunkDelay, index + 1);
        }
    }

    @Get("/v1/models")
    public HttpResponse models() {
        ObjectNode root = mapper.createObjectNode();
        root.put("object", "list");
        ObjectNode model = root.putArray("data").addObject();
        model.put("id", "sim-1");
        model.put("object", "model");
        model.put("created", clock.instant().getEpochSecond());
        model.put("owned_by", "llm-cache-sim");
        return json(HttpStatus.OK, root);
    }

    private Duration latency(AggregatedHttpRequest request) {
        String header = request.headers().get(LATENCY_HEADER);
        if (header == null) {
            return defaultLatency;
        }
        try {
            return Duration.ofMillis(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return defaultLatency;
        }
    }

    private static int parseStatus(String header) {
        try {
            int status = Integer.parseInt(header.trim());
            return status >= 400 && status <= 599 ? status : 500;
        } catch (NumberFormatException e) {
            return 500;
        }
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "chatcmpl-" + HexFormat.of().formatHex(bytes);
    }

    private HttpResponse error(HttpStatus status, String message, String param) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", status.code() == 429 ? "requests"
                : status.isServerError() ? "server_error" : "invalid_request_error");
        error.put("param", param);
        error.put("code", status.code() == 429 ? "rate_limit_exceeded" : null);
        return json(status, root);
    }

    private HttpResponse json(HttpStatus status, JsonNode body) {
        try {
            return HttpResponse.of(ResponseHeaders.of(status, "content-type", MediaType.JSON_UTF_8),
                    HttpData.wrap(mapper.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    private static HttpResponse delayed(HttpResponse response, Duration latency) {
        return latency.isZero() ? response : HttpResponse.delayed(response, latency);
    }
}
