package io.llmcache.gateway.error;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.llmcache.gateway.json.Json;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become responses, always in OpenAI's error shape. */
public final class ApiErrorHandler implements ServerErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private final Json json;

    public ApiErrorHandler(Json json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable thrown) {
        Throwable cause = Exceptions.peel(thrown);
        if (cause instanceof ApiException api) {
            if (api.status().isServerError()) {
                log.warn("{} {} failed with {}: {}", ctx.method(), ctx.path(), api.status().code(), api.getMessage());
            }
            return json.response(api.status(), api.toError().toJson(json.mapper()));
        }
        if (cause instanceof HttpStatusException statusException) {
            HttpStatus status = statusException.httpStatus();
            return json.response(status, forStatus(status, null).toJson(json.mapper()));
        }
        if (isDatabaseUnreachable(cause)) {
            log.warn("{} {}: database unreachable: {}", ctx.method(), ctx.path(), cause.getMessage());
            return json.response(HttpStatus.SERVICE_UNAVAILABLE, new OpenAiError(
                    "The gateway's database is unreachable; retry later.", "service_unavailable",
                    "database_unavailable", null).toJson(json.mapper()));
        }
        if (cause instanceof RequestTimeoutException) {
            return json.response(HttpStatus.SERVICE_UNAVAILABLE, new OpenAiError(
                    "The gateway could not finish the request in time.", "service_unavailable",
                    "request_timeout", null).toJson(json.mapper()));
        }
        // A bug or an unexpected dependency failure: log it in full, tell the client only the request id.
        log.error("unexpected failure in {} {}", ctx.method(), ctx.path(), cause);
        return json.response(HttpStatus.INTERNAL_SERVER_ERROR, new OpenAiError(
                "The gateway failed unexpectedly; the request id in x-request-id identifies the logged cause.",
                "server_error", "internal_error", null).toJson(json.mapper()));
    }

    @Override
    public AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx, ServiceConfig config,
                                               @Nullable RequestHeaders headers, HttpStatus status,
                                               @Nullable String description, @Nullable Throwable cause) {
        // Statuses Armeria answers itself (404 route, 405, 413 body too large, ...) get the same shape.
        return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8,
                json.write(forStatus(status, description).toJson(json.mapper())));
    }

    private static boolean isDatabaseUnreachable(Throwable cause) {
        // SQLState class 08 is "connection exception"; transient ones include pool timeouts.
        return cause instanceof SQLTransientException
                || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
    }

    private static OpenAiError forStatus(HttpStatus status, @Nullable String description) {
        String message = description != null && !description.isBlank() ? description : status.reasonPhrase();
        return switch (status.code()) {
            case 404 -> new OpenAiError(message, "invalid_request_error", "not_found", null);
            case 405 -> new OpenAiError(message, "invalid_request_error", "method_not_allowed", null);
            case 413 -> new OpenAiError("The request body is larger than this gateway accepts.",
                    "invalid_request_error", "request_too_large", null);
            default -> new OpenAiError(message, status.isServerError() ? "server_error" : "invalid_request_error",
                    null, null);
        };
    }
}
