package io.llmcache.gateway.cache.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Bridges one unary gRPC response to a future. */
final class UnaryObserver<T> implements StreamObserver<T> {

    private final CompletableFuture<T> future = new CompletableFuture<>();

    CompletableFuture<T> future() {
        return future;
    }

    @Override
    public void onNext(T value) {
        future.complete(value);
    }

    @Override
    public void onError(Throwable t) {
        future.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        if (!future.isDone()) {
            future.completeExceptionally(new IllegalStateException("unary call completed without a response"));
        }
    }
}
