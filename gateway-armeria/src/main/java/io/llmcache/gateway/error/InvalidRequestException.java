package io.llmcache.gateway.error;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;

/** The request is malformed or lacks a required field (400). */
public final class InvalidRequestException extends ApiException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message, @Nullable String param) {
        this(message, param, null);
    }

    public InvalidRequestException(String message, @Nullable String param, @Nullable Throwable cause) {
        super(HttpStatus.BAD_REQUEST, "invalid_request_error", message, null, param, cause);
    }
}
