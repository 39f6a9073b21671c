package io.llmcache.cache.semantic.learned;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Offline trainer of {@link TreeEnsemble}: gradient boosting with logistic loss, shallow trees, split points
 * at feature quantiles, Newton leaf values with L2 shrinkage. Small on purpose: a few hundred leaves over a
 * dozen features cannot memorise thousands of pairs.
 */
final class BoostedTrees {
    record Settings(int trees, int depth, double learningRate, double minLeafHessian, double l2, int bins) {
    }

    static final Settings DEFAULT = new Settings(150, 3, 0.1, 8.0, 2.0, 48);

    private final Settings settings;
    /** Per feature: +1 the score may only rise with it, -1 only fall, 0 free. */
    private final int[] monotone;

    BoostedTrees(Settings settings, int[] monotone) {
        this.settings = settings;
        this.monotone = monotone.clone();
    }

    TreeEnsemble train(double[][] x, boolean[] y) {
        int n = x.length;
        int features = x[0].length;
        double[][] cuts = new double[features][];
        int[][] bin = new int[features][n];
        for (int f = 0; f < features; f++) {
            cuts[f] = cuts(x, f);
            for (int i = 0; i < n; i++) {
                int position = Arrays.binarySearch(cuts[f], x[i][f]);
                bin[f][i] = position >= 0 ? position : -position - 1;
            }
        }
        double positives = 0;
        for (boolean label : y) {
            positives += label ? 1 : 0;
        }
        double bias = Math.log((positives + 1) / (n - positives + 1));
        double[] margin = new double[n];
        Arrays.fill(margin, bias);
        double[] gradient = new double[n];
        double[] hessian = new double[n];
        List<TreeEnsemble.Tree> trees = new ArrayList<>();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int t = 0; t < settings.trees(); t++) {
            for (int i = 0; i < n; i++) {
                double p = 1.0 / (1.0 + Math.exp(-margin[i]));
                gradient[i] = p - (y[i] ? 1 : 0);
                hessian[i] = Math.max(p * (1 - p), 1e-6);
            }
            Builder builder = new Builder(bin, cuts, gradient, hessian);
            builder.grow(all, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            TreeEnsemble.Tree tree = builder.tree();
            trees.add(tree);
            for (int i = 0; i < n; i++) {
                margin[i] += tree.leafValue(x[i]);
            }
        }
        return new TreeEnsemble(bias, trees);
    }

    private double[] cuts(double[][] x, int feature) {
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            values[i] = x[i][feature];
        }
        Arrays.sort(values);
        double[] cuts = new double[settings.bins()];
        int count = 0;
        for (int b = 1; b <= settings.bins(); b++) {
            double value = values[Math.min(values.length - 1, (int) ((long) b * values.length / (settings.bins() + 1)))];
            if (count == 0 || value > cuts[count - 1]) {
                cuts[count++] = value;
            }
        }
        return Arrays.copyOf(cuts, count);
    }

    private final class Builder {
        private final int[][] bin;
        private final double[][] cuts;
        private final double[] gradient;
        private final double[] hessian;
        private final List<Integer> feature = new ArrayList<>();
        private final List<Double> threshold = new ArrayList<>();
        private final List<Integer> left = new ArrayList<>();
        private final List<Integer> right = new ArrayList<>();
        private final List<Double> value = new ArrayList<>();

        Builder(int[][] bin, double[][] cuts, double[] gradient, double[] hessian) {
            this.bin = bin;
            this.cuts = cuts;
            this.gradient = gradient;
            this.hessian = hessian;
        }

        /**
         * Grows a node whose value must stay in [low, high]: with monotone features, a split's two sides
         * pass their midpoint down as a bound, so no deeper split can reverse the order (as in LightGBM).
         */
        int grow(int[] rows, int depth, double low, double high) {
            int node = feature.size();
            feature.add(-1);
            threshold.add(0.0);
            left.add(-1);
            right.add(-1);
            double g = 0;
            double h = 0;
            for (int row : rows) {
                g += gradient[row];
                h += hessian[row];
            }
            value.add(leaf(g, h, low, high));
            if (depth == settings.depth()) {
                return node;
            }
            double parentScore = g * g / (h + settings.l2());
            double bestGain = 1e-9;
            int bestFeature = -1;
            int bestCut = -1;
            double bestLeft = 0;
            double bestRight = 0;
            for (int f = 0; f < bin.length; f++) {
                int bins = cuts[f].length + 1;
                double[] gs = new double[bins];
                double[] hs = new double[bins];
                for (int row : rows) {
                    gs[bin[f][row]] += gradient[row];
                    hs[bin[f][row]] += hessian[row];
                }
                double gl = 0;
                double hl = 0;
                for (int c = 0; c < cuts[f].length; c++) {
                    gl += gs[c];
                    hl += hs[c];
                    double hr = h - hl;
                    if (hl < settings.minLeafHessian() || hr < settings.minLeafHessian()) {
                        continue;
                    }
                    double gr = g - gl;
                    double leftValue = leaf(gl, hl, low, high);
                    double rightValue = leaf(gr, hr, low, high);
                    if (monotone[f] * (rightValue - leftValue) < 0) {
                        continue;
                    }
                    double gain = gl * gl / (hl + settings.l2()) + gr * gr / (hr + settings.l2()) - parentScore;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestFeature = f;
                        bestCut = c;
                        bestLeft = leftValue;
                        bestRight = rightValue;
                    }
                }
            }
            if (bestFeature < 0) {
                return node;
            }
            int[] splitBins = bin[bestFeature];
            int cut = bestCut;
            int[] leftRows = Arrays.stream(rows).filter(row -> splitBins[row] <= cut).toArray();
            int[] rightRows = Arrays.stream(rows).filter(row -> splitBins[row] > cut).toArray();
            feature.set(node, bestFeature);
            threshold.set(node, cuts[bestFeature][bestCut]);
            double middle = (bestLeft + bestRight) / 2;
            int direction = monotone[bestFeature];
            left.set(node, grow(leftRows, depth + 1, direction < 0 ? middle : low, direction > 0 ? middle : high));
            right.set(node, grow(rightRows, depth + 1, direction > 0 ? middle : low, direction < 0 ? middle : high));
            return node;
        }

        private double leaf(double g, double h, double low, double high) {
            return Math.max(low, Math.min(high, -settings.learningRate() * g / (h + settings.l2())));
        }

        TreeEnsemble.Tree tree() {
            return new TreeEnsemble.Tree(feature.stream().mapToInt(Integer::intValue).toArray(),
                    threshold.stream().mapToDouble(Double::doubleValue).toArray(),
                    left.stream().mapToInt(Integer::intValue).toArray(),
                    right.stream().mapToInt(Integer::intValue).toArray(),
                    value.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
