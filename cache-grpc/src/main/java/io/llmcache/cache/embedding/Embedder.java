package io.llmcache.cache.embedding;

/** Turns a text into an L2-normalised vector. Blocking and CPU-bound: never call it on an event loop. */
public interface Embedder {
    float[] embed(String text);

    int dimension();
}
