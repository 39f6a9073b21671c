package io.llmcache.cache.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.llmcache.cache.DependencyUnavailableException;
import io.llmcache.cache.InvalidRequestException;
import io.llmcache.cache.OverloadedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become gRPC statuses (and get logged at the level they deserve). */
final class StatusMapper {
    private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);

    StatusRuntimeException toStatus(String method, Throwable failure) {
        if (failure instanceof InvalidRequestException) {
            return Status.INVALID_ARGUMENT.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof DependencyUnavailableException) {
            log.warn("{} failed: {}", method, failure.getMessage());
            return Status.UNAVAILABLE.withDescription(failure.getMessage()).withCause(failure).asRuntimeException();
        }
        if (failure instanceof OverloadedException) {
            log.warn("{} refused: {}", method, failure.getMessage());
            return Status.RESOURCE_EXHAUSTED.withDescription(failure.getMessage()).asRuntimeException();
        }
        log.error("{} failed unexpectedly", method, failure);
        // The cause stays in the log: internal details are not the caller's business.
        return Status.INTERNAL.withDescription(method + " failed: internal error").asRuntimeException();
    }
}
