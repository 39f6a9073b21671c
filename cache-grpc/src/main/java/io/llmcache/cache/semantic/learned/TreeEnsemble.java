package io.llmcache.cache.semantic.learned;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Boosted regression trees on the logistic scale: the probability that a pair has the same meaning is
 * sigmoid(bias + the leaf value each tree reaches). Trees are small arrays, so scoring is a few dozen
 * comparisons.
 */
public final class TreeEnsemble {
    private final double bias;
    private final List<Tree> trees;

    public TreeEnsemble(double bias, List<Tree> trees) {
        this.bias = bias;
        this.trees = List.copyOf(requireNonNull(trees, "trees"));
    }

    /** One tree: node i splits on {@code feature[i] <= threshold[i]} (left) or is a leaf when feature is -1. */
    public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
        public Tree {
            int nodes = feature.length;
            if (threshold.length != nodes || left.length != nodes || right.length != nodes || value.length != nodes) {
                throw new IllegalArgumentException("tree arrays differ in length: " + nodes + " nodes expected");
            }
            for (int node = 0; node < nodes; node++) {
                if (feature[node] >= 0 && (left[node] <= node || right[node] <= node
                        || left[node] >= nodes || right[node] >= nodes)) {
                    throw new IllegalArgumentException("tree node " + node + " has children outside the tree");
                }
            }
        }

        double leafValue(double[] x) {
            int node = 0;
            while (feature[node] >= 0) {
                node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            }
            return value[node];
        }
    }

    public double bias() {
        return bias;
    }

    public List<Tree> trees() {
        return trees;
    }

    /** The probability, in (0, 1), that the pair with features {@code x} has the same meaning. */
    public double probability(double[] x) {
        double margin = bias;
        for (Tree tree : trees) {
            margin += tree.leafValue(x);
        }
        return 1.0 / (1.0 + Math.exp(-margin));
    }
}
