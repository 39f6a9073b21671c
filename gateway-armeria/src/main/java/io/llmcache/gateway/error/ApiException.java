package io.llmcache.gateway.error;

import com.linecorp.armeria.common.HttpStatus;
import java.util.Objects;
import com.linecorp.armeria.common.annotation.Nullable;

/**
 * A failure the client is told about, rendered in OpenAI's error shape by {@link ApiErrorHandler}.
 * Subclasses fix the status and type; the message carries the bad value and what was expected.
 */
public abstract class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String type;
    @Nullable
    private final String code;
    @Nullable
    private final String param;

    protected ApiException(HttpStatus status, String type, String message, @Nullable String code,
                           @Nullable String param, @Nullable Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
        this.type = Objects.requireNonNull(type, "type");
        this.code = code;
        this.param = param;
    }

    public final HttpStatus status() {
        return status;
    }

    public final OpenAiError toError() {
        return new OpenAiError(getMessage(), type, code, param);
    }
}
