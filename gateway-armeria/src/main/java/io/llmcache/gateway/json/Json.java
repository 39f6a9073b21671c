package io.llmcache.gateway.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import io.llmcache.gateway.error.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The gateway's one JSON codec: strict reading of request bodies, snake_case writing of responses. */
public final class Json {

    private final ObjectMapper mapper;

    public Json() {
        this.mapper = JsonMapper.builder()
                // Exact decimals so that the cache key can normalise 1 and 1.0 without float rounding.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // A body with a key twice is ambiguous: providers and the cache key might read different values.
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                // Dollar amounts as 12.5, never 1.25E+1.
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses a request body that must be one JSON object; anything else is a 400 naming the problem. */
    public ObjectNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonParseException e) {
            throw new InvalidRequestException("We could not parse the JSON body of your request: "
                    + e.getOriginalMessage(), null, e);
        } catch (IOException e) {
            throw new InvalidRequestException("We could not parse the JSON body of your request: "
                    + e.getMessage(), null, e);
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidRequestException("The request body is empty; expected a JSON object.", null);
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("The request body is a JSON " + node.getNodeType().name().toLowerCase()
                    + "; expected a JSON object.", null);
        }
        return (ObjectNode) node;
    }

    /** Parses a response body from a trusted peer; null when it is not JSON. */
    @Nullable
    public JsonNode readTreeOrNull(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    public HttpResponse response(HttpStatus status, Object value) {
        return HttpResponse.of(ResponseHeaders.of(status, "content-type", MediaType.JSON_UTF_8),
                HttpData.wrap(write(value)));
    }
}
