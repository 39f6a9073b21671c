package io.llmcache.cache.semantic.learned;

import io.llmcache.cache.embedding.Embedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The labelled pairs of an eval file ({@code source, id, text_a, text_b, label}) with the MiniLM vector of
 * every distinct text. Vectors are cached in a file next to the build output, so repeated experiments do
 * not embed 22,000 texts again.
 */
record DevPairs(List<Pair> pairs, Map<String, float[]> vectors) {
    record Pair(String source, String a, String b, boolean same) {
    }

    static DevPairs load(Path tsv, Path vectorCache, Supplier<Embedder> embedderFactory) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.split("\t", -1);
            if (columns.length >= 5) {
                pairs.add(new Pair(columns[0], columns[2], columns[3], columns[4].trim().equals("1")));
            }
        }
        Map<String, float[]> vectors = Files.exists(vectorCache) ? read(vectorCache) : new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Pair pair : pairs) {
            for (String text : List.of(pair.a(), pair.b())) {
                if (!vectors.containsKey(text)) {
                    missing.add(text);
                }
            }
        }
        if (!missing.isEmpty()) {
            System.err.printf("embedding %d texts into %s%n", missing.size(), vectorCache);
            Embedder embedder = embedderFactory.get();
            for (String text : missing) {
                vectors.put(text, embedder.embed(text));
            }
            write(vectorCache, vectors);
        }
        return new DevPairs(pairs, vectors);
    }

    float[] vector(String text) {
        return vectors.get(text);
    }

    private static Map<String, float[]> read(Path file) throws IOException {
        Map<String, float[]> vectors = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            int dimension = in.readInt();
            for (int i = 0; i < count; i++) {
                String text = in.readUTF();
                float[] vector = new float[dimension];
                for (int d = 0; d < dimension; d++) {
                    vector[d] = in.readFloat();
                }
                vectors.put(text, vector);
            }
        }
        return vectors;
    }

    private static void write(Path file, Map<String, float[]> vectors) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(vectors.size());
            out.writeInt(vectors.values().iterator().next().length);
            for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
                out.writeUTF(entry.getKey());
                for (float value : entry.getValue()) {
                    out.writeFloat(value);
                }
            }
        }
    }
}
