package io.llmcache.cache.semantic.learned;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained verifier as data: the feature list it expects, the cosine floor below which it never accepts,
 * the tree ensemble, and the measured false-hit-rate → threshold table. Loaded once at start-up; a file
 * whose feature list differs from {@link PairFeatures#NAMES} is refused rather than scored wrongly.
 */
public record VerifierModel(String version, double cosineFloor, TreeEnsemble ensemble, OperatingPoints operatingPoints) {
    /** The model shipped in this jar, trained by {@code VerifierTrainer} on eval/dev-pairs.tsv. */
    public static final String BUNDLED = "/io/llmcache/cache/semantic/learned/verifier-model.json";
    static final String FORMAT = "llmcache-verifier-gbdt";

    public VerifierModel {
        requireNonNull(version, "version");
        requireNonNull(ensemble, "ensemble");
        requireNonNull(operatingPoints, "operatingPoints");
        if (!(cosineFloor >= -1 && cosineFloor < 1)) {
            throw new IllegalArgumentException("cosine_floor must be in [-1, 1), was " + cosineFloor);
        }
    }

    /** Loads the model shipped in this jar. */
    public static VerifierModel bundled() {
        try (InputStream in = VerifierModel.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("verifier model " + BUNDLED + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read verifier model " + BUNDLED, e);
        }
    }

    /** Parses a model file; throws {@link IllegalArgumentException} naming the bad field. */
    public static VerifierModel read(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("verifier model format must be " + FORMAT + ", was " + format);
        }
        List<String> features = new ArrayList<>();
        root.path("features").forEach(node -> features.add(node.asText()));
        if (!features.equals(PairFeatures.NAMES)) {
            throw new IllegalArgumentException("verifier model features " + features + " differ from the code's "
                    + PairFeatures.NAMES);
        }
        List<TreeEnsemble.Tree> trees = new ArrayList<>();
        for (JsonNode tree : root.path("trees")) {
            trees.add(new TreeEnsemble.Tree(ints(tree, "feature", features.size()), doubles(tree, "threshold"),
                    ints(tree, "left", Integer.MAX_VALUE), ints(tree, "right", Integer.MAX_VALUE),
                    doubles(tree, "value")));
        }
        List<OperatingPoints.Point> points = new ArrayList<>();
        for (JsonNode point : root.path("operating_points")) {
            points.add(new OperatingPoints.Point(number(point, "max_false_hit_rate"), number(point, "threshold"),
                    number(point, "recall")));
        }
        return new VerifierModel(text(root, "version"), number(root, "cosine_floor"),
                new TreeEnsemble(number(root, "bias"), trees), new OperatingPoints(points));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("verifier model field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("verifier model field '" + field + "' must be a number");
        }
        return value.asDouble();
    }

    private static int[] ints(JsonNode tree, String field, int bound) {
        JsonNode array = tree.path(field);
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
            if (values[i] >= bound) {
                throw new IllegalArgumentException("verifier tree field '" + field + "' has " + values[i]
                        + ", expected below " + bound);
            }
        }
        return values;
    }

    private static double[] doubles(JsonNode tree, String field) {
        JsonNode array = tree.path(field);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
