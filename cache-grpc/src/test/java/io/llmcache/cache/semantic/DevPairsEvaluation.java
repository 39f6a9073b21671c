package io.llmcache.cache.semantic;

import io.llmcache.cache.embedding.Embedder;
import io.llmcache.cache.embedding.onnx.MiniLmEmbedder;
import io.llmcache.cache.semantic.rules.RuleVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reports semantic precision on the labelled dev pairs, pair by pair (text_b looked up against its own
 * text_a): false-hit rate (label 0 answered) and recall (label 1 answered) at several thresholds, with
 * cosine alone and with {@link RuleVerifier}. Not a unit test (it embeds 22,000 texts); run with
 * {@code java -cp <test classpath> io.llmcache.cache.semantic.DevPairsEvaluation [dev-pairs.tsv]}.
 */
public final class DevPairsEvaluation {
    private record Pair(String source, String a, String b, boolean same, double cosine) {
    }

    private DevPairsEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "/work/shared/eval/dev-pairs.tsv");
        Embedder embedder = MiniLmEmbedder.load();
        RuleVerifier verifier = new RuleVerifier(0.95);
        List<Pair> pairs = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.split("\t", -1);
            if (columns.length < 5) {
                continue;
            }
            double cosine = dot(embedder.embed(columns[2]), embedder.embed(columns[3]));
            pairs.add(new Pair(columns[0], columns[2], columns[3], columns[4].trim().equals("1"), cosine));
        }
        if (args.length > 1) {
            List<String> dump = new ArrayList<>();
            for (Pair pair : pairs) {
                dump.add(String.format(Locale.ROOT, "%s\t%.6f\t%d\t%s\t%s", pair.source(), pair.cosine(),
                        pair.same() ? 1 : 0, pair.a(), pair.b()));
            }
            Files.write(Path.of(args[1]), dump);
        }
        long positives = pairs.stream().filter(Pair::same).count();
        long negatives = pairs.size() - positives;
        System.out.printf(Locale.ROOT, "%d pairs: %d label 1, %d label 0%n", pairs.size(), positives, negatives);
        System.out.println("threshold  cosine-only: false-hits recall   verified: false-hits recall");
        for (int percent = 80; percent <= 99; percent++) {
            double threshold = percent / 100.0;
            long cosineFalse = 0;
            long cosineTrue = 0;
            long verifiedFalse = 0;
            long verifiedTrue = 0;
            for (Pair pair : pairs) {
                if (pair.cosine() < threshold) {
                    continue;
                }
                boolean verified = verifier.accepts(pair.b(), pair.a());
                if (pair.same()) {
                    cosineTrue++;
                    verifiedTrue += verified ? 1 : 0;
                } else {
                    cosineFalse++;
                    verifiedFalse += verified ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "%.2f       %6.2f%%   %6.2f%%        %6.2f%%   %6.2f%%%n", threshold,
                    100.0 * cosineFalse / negatives, 100.0 * cosineTrue / positives,
                    100.0 * verifiedFalse / negatives, 100.0 * verifiedTrue / positives);
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
