package io.llmcache.gateway.error;

import com.linecorp.armeria.common.HttpStatus;

/** A resource named in the path does not exist (404). */
public final class NotFoundException extends ApiException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message, String code) {
        super(HttpStatus.NOT_FOUND, "invalid_request_error", message, code, null, null);
    }
}
