package io.llmcache.gateway.error;

import com.linecorp.armeria.common.HttpStatus;

/** A known caller asked for something its credential does not allow (403). */
public final class PermissionDeniedException extends ApiException {

    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String message) {
        super(HttpStatus.FORBIDDEN, "permission_error", message, "permission_denied", null, null);
    }
}
