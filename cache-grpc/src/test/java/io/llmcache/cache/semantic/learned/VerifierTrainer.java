package io.llmcache.cache.semantic.learned;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcache.cache.embedding.onnx.MiniLmEmbedder;
import io.llmcache.cache.semantic.rules.RuleVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trains the learned verifier on labelled pairs and measures it honestly: grouped k-fold cross-validation
 * (a text never sits in both the training and the held-out side of a fold), scored pair by pair and in the
 * one-namespace mode of eval/README.md. The operating points written with the model come from the held-out
 * scores only, the stricter of pair by pair and label-aware one namespace, with a safety margin.
 *
 * <p>Run: {@code java -cp <test classpath> io.llmcache.cache.semantic.learned.VerifierTrainer
 * /work/shared/eval/dev-pairs.tsv [model.json]} (vectors are cached in target/dev-vectors-minilm.bin).
 */
public final class VerifierTrainer {
    private static final int FOLDS = 5;
    /** Candidates the one-namespace mode verifies per query, as the server's default. */
    private static final int CANDIDATES = 10;
    private static final double COSINE_FLOOR = 0.6;
    /**
     * Directions, in {@link PairFeatures#NAMES} order: a higher cosine never lowers the score and a
     * disagreement (numbers, negations, names, question words) never raises it. Constraining the overlap
     * features too was measured: it lost a quarter of the recall at 1%.
     */
    private static final int[] MONOTONE = {1, 0, 0, 0, 0, 0, -1, 0, -1, -1, -1, 0};
    private static final double[] TARGETS = {0.005, 0.01, 0.02, 0.05, 0.10};
    /** Operating points aim this far below the tenant's rate: held-out estimates are themselves noisy. */
    private static final double MARGIN = 0.8;

    private VerifierTrainer() {
    }

    interface Scorer {
        /** A score in [0, 1]; higher is surer. Negative when the candidate is refused outright. */
        double score(String query, String candidate, double cosine);
    }

    /** One query's outcome: the best accepted candidate's score and whether it is the query's own entry. */
    record Outcome(String source, boolean same, double score, boolean ownEntry) {
    }

    /**
     * Outcomes per mode. {@code labelAware} is the one-namespace mode where a hit on another entry that the
     * labels themselves tie to the query (a chain of label-1 pairs, e.g. two Quora duplicates of the same
     * question) counts as right rather than false; {@code namespace} is the strict protocol.
     */
    record Evaluation(List<Outcome> pairwise, List<Outcome> namespace, List<Outcome> labelAware) {
        void add(Evaluation other) {
            pairwise.addAll(other.pairwise());
            namespace.addAll(other.namespace());
            labelAware.addAll(other.labelAware());
        }
    }

    public static void main(String[] args) throws IOException {
        Path tsv = Path.of(args.length > 0 ? args[0] : "/work/shared/eval/dev-pairs.tsv");
        DevPairs data = DevPairs.load(tsv, Path.of("target/dev-vectors-minilm.bin"), MiniLmEmbedder::load);
        List<DevPairs.Pair> pairs = data.pairs();
        int[] fold = groupedFolds(pairs);
        Map<String, String> paraphrases = new HashMap<>();
        for (DevPairs.Pair pair : pairs) {
            if (pair.same()) {
                union(paraphrases, pair.a(), pair.b());
            }
        }

        Map<String, Evaluation> results = new LinkedHashMap<>();
        for (String name : List.of("cosine", "rules", "learned")) {
            results.put(name, new Evaluation(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        }
        RuleVerifier rules = new RuleVerifier(COSINE_FLOOR);
        for (int k = 0; k < FOLDS; k++) {
            List<DevPairs.Pair> train = new ArrayList<>();
            List<DevPairs.Pair> test = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                (fold[i] == k ? test : train).add(pairs.get(i));
            }
            TreeEnsemble ensemble = train(data, train);
            results.get("cosine").add(evaluate(data, paraphrases, test, (q, c, cos) -> cos));
            results.get("rules").add(evaluate(data, paraphrases, test,
                    (q, c, cos) -> rules.accepts(q, c) ? cos : -1));
            results.get("learned").add(evaluate(data, paraphrases, test,
                    (q, c, cos) -> LearnedVerifier.hardRejection(q, c).isPresent() ? -1
                            : LearnedVerifier.score(ensemble, q, c, cos)));
            System.err.printf("fold %d: %d train, %d held out%n", k, train.size(), test.size());
        }
        for (Map.Entry<String, Evaluation> result : results.entrySet()) {
            report(result.getKey() + ", pair by pair", result.getValue().pairwise());
            report(result.getKey() + ", one namespace", result.getValue().namespace());
            report(result.getKey() + ", one namespace, label-aware", result.getValue().labelAware());
        }
        if (args.length > 1) {
            TreeEnsemble ensemble = train(data, pairs);
            Evaluation learned = results.get("learned");
            write(Path.of(args[1]), ensemble, learned, pairs.size());
            System.out.println("model written to " + args[1]);
        }
    }

    /** Connected texts (through any pair) share a fold, so no held-out text was seen in training. */
    static int[] groupedFolds(List<DevPairs.Pair> pairs) {
        Map<String, String> parent = new HashMap<>();
        for (DevPairs.Pair pair : pairs) {
            union(parent, pair.a(), pair.b());
        }
        int[] fold = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            fold[i] = Math.floorMod(find(parent, pairs.get(i).a()).hashCode() * 31 + 17, FOLDS);
        }
        return fold;
    }

    private static String find(Map<String, String> parent, String text) {
        String root = text;
        while (parent.containsKey(root) && !parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(text, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String rootA = find(parent, a);
        String rootB = find(parent, b);
        if (!rootA.equals(rootB)) {
            parent.put(rootA, rootB);
        }
    }

    /**
     * Trains on the labelled pairs above the cosine floor that pass the hard rules. (Mining other entries near each text_b as extra
     * negatives was tried: five times slower, and worse pair by pair.)
     */
    private static TreeEnsemble train(DevPairs data, List<DevPairs.Pair> pairs) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (DevPairs.Pair pair : pairs) {
            double cosine = dot(data.vector(pair.a()), data.vector(pair.b()));
            // The model only ever sees pairs the hard rules let through: train on that distribution.
            if (cosine >= COSINE_FLOOR && LearnedVerifier.hardRejection(pair.b(), pair.a()).isEmpty()) {
                rows.add(PairFeatures.of(pair.b(), pair.a(), cosine));
                labels.add(pair.same());
            }
        }
        boolean[] y = new boolean[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        return new BoostedTrees(BoostedTrees.DEFAULT, MONOTONE).train(rows.toArray(double[][]::new), y);
    }

    record Neighbour(int entry, double cosine) {
    }

    /** The {@code limit} entries most similar to {@code query} above the floor, skipping the query's own text. */
    static List<Neighbour> nearest(float[] query, List<String> entries, float[][] entryVectors, int limit,
                                   String queryText) {
        int[] top = new int[limit];
        double[] topCosine = new double[limit];
        java.util.Arrays.fill(topCosine, Double.NEGATIVE_INFINITY);
        for (int e = 0; e < entryVectors.length; e++) {
            double cosine = dot(query, entryVectors[e]);
            // An entry with the very same text is the exact tier's hit, not a semantic one.
            if (cosine < COSINE_FLOOR || cosine <= topCosine[limit - 1] || entries.get(e).equals(queryText)) {
                continue;
            }
            int slot = limit - 1;
            while (slot > 0 && topCosine[slot - 1] < cosine) {
                topCosine[slot] = topCosine[slot - 1];
                top[slot] = top[slot - 1];
                slot--;
            }
            topCosine[slot] = cosine;
            top[slot] = e;
        }
        List<Neighbour> found = new ArrayList<>();
        for (int slot = 0; slot < limit && topCosine[slot] > Double.NEGATIVE_INFINITY; slot++) {
            found.add(new Neighbour(top[slot], topCosine[slot]));
        }
        return found;
    }

    /** Scores the held-out pairs pair by pair, and with every held-out text_a in one namespace. */
    static Evaluation evaluate(DevPairs data, Map<String, String> paraphrases, List<DevPairs.Pair> test,
                               Scorer scorer) {
        List<Outcome> pairwise = new ArrayList<>();
        for (DevPairs.Pair pair : test) {
            double cosine = dot(data.vector(pair.a()), data.vector(pair.b()));
            double score = cosine >= COSINE_FLOOR ? scorer.score(pair.b(), pair.a(), cosine) : -1;
            pairwise.add(new Outcome(pair.source(), pair.same(), score, true));
        }
        List<String> entries = new ArrayList<>(new LinkedHashSet<>(test.stream().map(DevPairs.Pair::a).toList()));
        float[][] entryVectors = entries.stream().map(data::vector).toArray(float[][]::new);
        List<Outcome> namespace = new ArrayList<>();
        List<Outcome> labelAware = new ArrayList<>();
        for (DevPairs.Pair pair : test) {
            double best = -1;
            String served = null;
            for (Neighbour neighbour : nearest(data.vector(pair.b()), entries, entryVectors, CANDIDATES, pair.b())) {
                String candidate = entries.get(neighbour.entry());
                double score = scorer.score(pair.b(), candidate, neighbour.cosine());
                if (score > best) {
                    best = score;
                    served = candidate;
                }
            }
            boolean own = pair.a().equals(served);
            namespace.add(new Outcome(pair.source(), pair.same(), best, own));
            boolean tied = served != null && find(paraphrases, served).equals(find(paraphrases, pair.b()));
            labelAware.add(tied ? new Outcome(pair.source(), true, best, true)
                    : new Outcome(pair.source(), pair.same(), best, own));
        }
        return new Evaluation(pairwise, namespace, labelAware);
    }

    /** Recall, false-hit rate and wrong-entry rate of {@code outcomes} at score threshold {@code t}. */
    record Figures(double threshold, long positives, long negatives, double recall, double falseHitRate,
                   double wrongEntryRate) {
    }

    static Figures figures(List<Outcome> outcomes, double threshold) {
        long positives = 0;
        long negatives = 0;
        long right = 0;
        long falseOnNegatives = 0;
        long wrongOnPositives = 0;
        for (Outcome outcome : outcomes) {
            boolean hit = outcome.score() >= threshold && outcome.score() >= 0;
            if (outcome.same()) {
                positives++;
                right += hit && outcome.ownEntry() ? 1 : 0;
                wrongOnPositives += hit && !outcome.ownEntry() ? 1 : 0;
            } else {
                negatives++;
                falseOnNegatives += hit ? 1 : 0;
            }
        }
        // A wrong entry served to a same-meaning query is as bad as any false hit: it is counted in the
        // false-hit rate too (over the different-meaning queries, which makes the rate stricter).
        double falseHitRate = negatives == 0 ? Double.NaN
                : (double) (falseOnNegatives + wrongOnPositives) / negatives;
        return new Figures(threshold, positives, negatives, positives == 0 ? Double.NaN : (double) right / positives,
                falseHitRate, positives == 0 ? Double.NaN : (double) wrongOnPositives / positives);
    }

    /** The lowest threshold whose false-hit rate stays at or below {@code target}. */
    static double thresholdFor(List<Outcome> outcomes, double target) {
        TreeSet<Double> scores = new TreeSet<>(Comparator.reverseOrder());
        for (Outcome outcome : outcomes) {
            if (outcome.score() >= 0) {
                scores.add(outcome.score());
            }
        }
        // Hits only grow as the threshold falls, so walk down until the rate is exceeded.
        List<Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingDouble(Outcome::score).reversed());
        long negatives = outcomes.stream().filter(outcome -> !outcome.same()).count();
        long falseHits = 0;
        double chosen = scores.isEmpty() ? 1.0 : Math.nextUp(scores.first());
        int i = 0;
        while (i < sorted.size() && sorted.get(i).score() >= 0) {
            double score = sorted.get(i).score();
            while (i < sorted.size() && sorted.get(i).score() == score) {
                Outcome outcome = sorted.get(i);
                falseHits += !outcome.same() || !outcome.ownEntry() ? 1 : 0;
                i++;
            }
            if ((double) falseHits / negatives > target) {
                break;
            }
            chosen = score;
        }
        return chosen;
    }

    private static void report(String title, List<Outcome> outcomes) {
        System.out.println("== " + title);
        System.out.println("target  threshold  recall  false-hits | per source: recall / false-hits / wrong-entry");
        for (double target : new double[] {0.01, 0.02, 0.05}) {
            double threshold = thresholdFor(outcomes, target);
            Figures all = figures(outcomes, threshold);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4.0f%%   %.4f    %5.1f%%  %5.2f%%   |",
                    target * 100, threshold, all.recall() * 100, all.falseHitRate() * 100));
            for (String source : new TreeSet<>(outcomes.stream().map(Outcome::source).toList())) {
                Figures part = figures(outcomes.stream().filter(outcome -> outcome.source().equals(source)).toList(),
                        threshold);
                line.append(String.format(Locale.ROOT, " %s %.1f%% / %s / %.2f%%", source, part.recall() * 100,
                        Double.isNaN(part.falseHitRate()) ? "-" : String.format(Locale.ROOT, "%.2f%%",
                                part.falseHitRate() * 100), part.wrongEntryRate() * 100));
            }
            System.out.println(line);
        }
    }

    private static void write(Path file, TreeEnsemble ensemble, Evaluation heldOut, int pairs) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("format", VerifierModel.FORMAT);
        root.put("version", "gbdt-minilm-1");
        root.put("trained_on", "eval/dev-pairs.tsv, " + pairs + " pairs; thresholds from grouped " + FOLDS
                + "-fold held-out scores, stricter of pair-by-pair and label-aware one-namespace, at " + MARGIN
                + " of each rate");
        ArrayNode features = root.putArray("features");
        PairFeatures.NAMES.forEach(features::add);
        root.put("cosine_floor", COSINE_FLOOR);
        root.put("bias", ensemble.bias());
        ArrayNode points = root.putArray("operating_points");
        for (double target : TARGETS) {
            double threshold = Math.max(thresholdFor(heldOut.pairwise(), target * MARGIN),
                    thresholdFor(heldOut.labelAware(), target * MARGIN));
            Figures pairwise = figures(heldOut.pairwise(), threshold);
            Figures labelAware = figures(heldOut.labelAware(), threshold);
            Figures strict = figures(heldOut.namespace(), threshold);
            System.out.printf(Locale.ROOT, "operating point %.3f: threshold %.4f; pair by pair %.1f%% recall / %.2f%% "
                    + "false hits; one namespace label-aware %.1f%% / %.2f%%; strict %.1f%% / %.2f%%%n", target,
                    threshold, pairwise.recall() * 100, pairwise.falseHitRate() * 100, labelAware.recall() * 100,
                    labelAware.falseHitRate() * 100, strict.recall() * 100, strict.falseHitRate() * 100);
            ObjectNode point = points.addObject();
            point.put("max_false_hit_rate", target);
            point.put("threshold", round(threshold));
            point.put("recall", round(Math.min(pairwise.recall(), labelAware.recall())));
        }
        ArrayNode trees = root.putArray("trees");
        for (TreeEnsemble.Tree tree : ensemble.trees()) {
            ObjectNode node = trees.addObject();
            ArrayNode feature = node.putArray("feature");
            ArrayNode threshold = node.putArray("threshold");
            ArrayNode left = node.putArray("left");
            ArrayNode right = node.putArray("right");
            ArrayNode value = node.putArray("value");
            for (int i = 0; i < tree.feature().length; i++) {
                feature.add(tree.feature()[i]);
                threshold.add(tree.threshold()[i]);
                left.add(tree.left()[i]);
                right.add(tree.right()[i]);
                value.add(tree.feature()[i] >= 0 ? 0 : round(tree.value()[i]));
            }
        }
        Files.writeString(file, mapper.writeValueAsString(root) + "\n");
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
