package io.llmcache.gateway.tenant;

import com.linecorp.armeria.common.HttpStatus;
import io.llmcache.gateway.error.ApiException;

/** A tenant asked for one API key more than its plan allows (409). */
public final class KeyLimitExceededException extends ApiException {

    private static final long serialVersionUID = 1L;

    public KeyLimitExceededException(String message) {
        super(HttpStatus.CONFLICT, "invalid_request_error", message, "key_limit_reached", null, null);
    }
}
