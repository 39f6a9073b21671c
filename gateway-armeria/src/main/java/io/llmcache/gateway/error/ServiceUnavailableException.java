package io.llmcache.gateway.error;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;

/** A dependency the request needs is not ready or not reachable; retrying later may succeed (503). */
public final class ServiceUnavailableException extends ApiException {

    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message, String code, @Nullable Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", message, code, null, cause);
    }
}
