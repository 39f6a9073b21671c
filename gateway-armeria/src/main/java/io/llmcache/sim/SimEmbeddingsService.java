package io.llmcache.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.annotation.Post;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** {@code POST /v1/embeddings} of the simulated upstream (see {@link SimEmbeddings}), after the latency. */
final class SimEmbeddingsService {

    private final ObjectMapper mapper;
    private final Duration latency;
    private final AtomicLong requests = new AtomicLong();

    SimEmbeddingsService(ObjectMapper mapper, Duration latency) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.latency = Objects.requireNonNull(latency, "latency");
    }

    long requests() {
        return requests.get();
    }

    @Post("/v1/embeddings")
    public HttpResponse embeddings(AggregatedHttpRequest request) {
        requests.incrementAndGet();
        JsonNode body;
        try {
            body = mapper.readTree(request.content().array());
        } catch (IOException e) {
            return error("We could not parse the JSON body of your request.", null);
        }
        if (body == null || !body.isObject()) {
            return error("The request body must be a JSON object.", null);
        }
        try {
            HttpResponse response = json(HttpStatus.OK, SimEmbeddings.answer(body, mapper));
            return latency.isZero() ? response : HttpResponse.delayed(response, latency);
        } catch (SimEmbeddings.BadRequest e) {
            return error(e.getMessage(), e.param);
        }
    }

    private HttpResponse error(String message, String param) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", "invalid_request_error");
        error.put("param", param);
        error.putNull("code");
        return json(HttpStatus.BAD_REQUEST, root);
    }

    private HttpResponse json(HttpStatus status, JsonNode body) {
        try {
            return HttpResponse.of(ResponseHeaders.of(status, "content-type", MediaType.JSON_UTF_8),
                    HttpData.wrap(mapper.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
