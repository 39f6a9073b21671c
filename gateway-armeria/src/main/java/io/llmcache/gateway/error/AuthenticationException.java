package io.llmcache.gateway.error;

import com.linecorp.armeria.common.HttpStatus;

/** No API key, or one the gateway does not know (401). */
public final class AuthenticationException extends ApiException {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(HttpStatus.UNAUTHORIZED, "invalid_request_error", message, "invalid_api_key", null, null);
    }
}
