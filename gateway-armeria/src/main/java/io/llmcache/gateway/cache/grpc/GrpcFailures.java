package io.llmcache.gateway.cache.grpc;

import io.grpc.Status;

/** One-line descriptions of failed calls, for logs and health details (a Status's toString has stack traces). */
final class GrpcFailures {

    private GrpcFailures() {
    }

    static String describe(Throwable error) {
        Status status = Status.fromThrowable(error);
        String detail = status.getDescription();
        if (detail == null) {
            Throwable root = status.getCause() != null ? status.getCause() : error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            detail = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        }
        return status.getCode() + ": " + detail;
    }
}
