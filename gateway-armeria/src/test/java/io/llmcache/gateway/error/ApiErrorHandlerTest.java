package io.llmcache.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.llmcache.gateway.json.Json;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiErrorHandlerTest {

    private static final Json JSON = new Json();

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.errorHandler(new ApiErrorHandler(JSON))
                    .maxRequestLength(1024)
                    .service("/invalid", (ctx, req) -> {
                        throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages");
                    })
                    .service("/unauthenticated", (ctx, req) ->
                            HttpResponse.ofFailure(new AuthenticationException("Incorrect API key provided.")))
                    .service("/upstream", (ctx, req) -> {
                        throw new UpstreamException(HttpStatus.TOO_MANY_REQUESTS,
                                new OpenAiError("Rate limit reached", "requests", "rate_limit_exceeded", null), null);
                    })
                    .service("/database", (ctx, req) -> {
                        throw new SQLTransientConnectionException("pool timed out");
                    })
                    .service("/bug", (ctx, req) -> {
                        throw new IllegalStateException("secret internal detail");
                    })
                    .service("/echo", (ctx, req) -> HttpResponse.of(req.aggregate()
                            .thenApply(agg -> AggregatedHttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT,
                                    agg.content()).toHttpResponse())));
        }
    };

    private static JsonNode error(AggregatedHttpResponse response) {
        assertThat(response.contentType()).isNotNull();
        assertThat(response.contentType().isJson()).isTrue();
        JsonNode body = JSON.readTreeOrNull(response.content().array());
        JsonNode error = body.get("error");
        // OpenAI's shape: all four fields are present, null when not applicable.
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
        return error;
    }

    @Test
    void invalidRequestIs400WithParam() {
        AggregatedHttpResponse response = server.blockingWebClient().post("/invalid", "{}");
        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = error(response);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo("messages");
        assertThat(error.get("message").asText()).contains("messages");
        assertThat(error.get("code").isNull()).isTrue();
    }

    @Test
    void failedResponsesAreRenderedToo() {
        AggregatedHttpResponse response = server.blockingWebClient().get("/unauthenticated");
        assertThat(response.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(error(response).get("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void upstreamErrorsKeepTheirStatusAndFields() {
        AggregatedHttpResponse response = server.blockingWebClient().get("/upstream");
        assertThat(response.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        JsonNode error = error(response);
        assertThat(error.get("type").asText()).isEqualTo("requests");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).isEqualTo("Rate limit reached");
    }

    @Test
    void unreachableDatabaseIs503() {
        AggregatedHttpResponse response = server.blockingWebClient().get("/database");
        assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(error(response).get("code").asText()).isEqualTo("database_unavailable");
    }

    @Test
    void unexpectedFailuresAre500WithoutInternals() {
        AggregatedHttpResponse response = server.blockingWebClient().get("/bug");
        assertThat(response.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        JsonNode error = error(response);
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(error.get("message").asText()).doesNotContain("secret");
    }

    @Test
    void statusesArmeriaAnswersItselfHaveTheSameShape() {
        BlockingWebClient client = server.blockingWebClient();
        AggregatedHttpResponse notFound = client.get("/nowhere");
        assertThat(notFound.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(error(notFound).get("code").asText()).isEqualTo("not_found");

        AggregatedHttpResponse tooLarge = client.post("/echo", "x".repeat(4096));
        assertThat(tooLarge.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(error(tooLarge).get("code").asText()).isEqualTo("request_too_large");
    }
}
