package io.llmcache.sim;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Holds one stream of the simulated upstream right after its first content chunk, until the test opens or
 * fails it, and reports how the stream ended. Lets tests observe a stream in flight without timing.
 */
public final class SimStreamGate {

    /** How a held stream ended. */
    public enum End {
        /** Every chunk and {@code [DONE]} were written. */
        COMPLETED,
        /** {@link #fail()} aborted it mid-stream. */
        FAILED,
        /** The client went away (cancelled or disconnected) before the end. */
        CANCELLED
    }

    private final String prompt;
    private final CompletableFuture<Void> reached = new CompletableFuture<>();
    private final CompletableFuture<Boolean> released = new CompletableFuture<>();
    private final CompletableFuture<End> ended = new CompletableFuture<>();

    SimStreamGate(String prompt) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    String prompt() {
        return prompt;
    }

    /** Completes when the held stream has sent its first content chunk and is waiting. */
    public CompletableFuture<Void> reached() {
        return reached;
    }

    /** Completes with how the stream ended. */
    public CompletableFuture<End> ended() {
        return ended;
    }

    /** Lets the stream continue to its normal end. */
    public void open() {
        released.complete(true);
    }

    /** Aborts the stream at the hold point, as an upstream crashing mid-answer would. */
    public void fail() {
        released.complete(false);
    }

    void markReached() {
        reached.complete(null);
    }

    CompletableFuture<Boolean> released() {
        return released;
    }

    void markEnded(End end) {
        ended.complete(end);
    }
}
