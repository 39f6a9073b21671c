package io.llmcache.cache.embedding.onnx;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.llmcache.cache.embedding.Embedder;

/** all-MiniLM-L6-v2 (quantized ONNX, shipped inside its Maven jar) run in-process on the calling thread. */
public final class MiniLmEmbedder implements Embedder {
    /**
     * The model reads at most 512 word pieces (roughly 2,000 characters); longer texts are cut here so
     * one request cannot buy many model passes.
     */
    static final int MAX_CHARS = 2_000;
    private static final int DIMENSION = 384;

    private final EmbeddingModel model;

    private MiniLmEmbedder(EmbeddingModel model) {
        this.model = requireNonNull(model, "model");
    }

    /** Loads the model from the classpath (about a second); nothing is downloaded. */
    public static MiniLmEmbedder load() {
        // A direct executor: batch work stays on the caller's (worker) thread.
        return new MiniLmEmbedder(new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run));
    }

    @Override
    public float[] embed(String text) {
        String input = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        return model.embed(input).content().vector();
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }
}
