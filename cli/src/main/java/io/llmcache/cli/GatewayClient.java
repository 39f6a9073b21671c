package io.llmcache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** Talks JSON to a running gateway and turns its OpenAI-shaped errors into {@link CliException}s. */
final class GatewayClient {

    /** A successful answer: the body and the response headers a user may want to see. */
    record Reply(JsonNode body, java.net.http.HttpHeaders headers) {}

    private final HttpClient http;
    private final ObjectMapper json;
    private final String baseUrl;

    GatewayClient(HttpClient http, ObjectMapper json, String baseUrl) {
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    Reply get(String path, String bearer) {
        return send(request(path, bearer).GET().build());
    }

    Reply post(String path, String bearer, JsonNode body) {
        try {
            String text = json.writeValueAsString(body);
            return send(request(path, bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text))
                    .build());
        } catch (IOException e) {
            throw new CliException("Cannot encode request: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path, String bearer) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer);
    }

    private Reply send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("Gateway at " + baseUrl + " is not reachable (" + e.getMessage()
                    + "); is it running? Try './llm-cache status'.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String message = body.path("error").path("message").asText(response.body());
            throw new CliException("HTTP " + response.statusCode() + " from " + request.uri().getPath() + ": " + message);
        }
        return new Reply(body, response.headers());
    }

    private JsonNode parse(String text) {
        try {
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode().put("raw", text);
        }
    }
}
