package io.llmcache.cache.semantic.learned;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;

/**
 * Maps a maximum false-hit rate to a score threshold. Each point was measured on held-out data: at
 * {@code threshold}, at most {@code maxFalseHitRate} of different-meaning queries were answered.
 */
public final class OperatingPoints {
    /** One measured point; recall is what that threshold kept of same-meaning queries. */
    public record Point(double maxFalseHitRate, double threshold, double recall) {
        public Point {
            if (!(maxFalseHitRate > 0 && maxFalseHitRate < 1)) {
                throw new IllegalArgumentException("maxFalseHitRate must be in (0, 1), was " + maxFalseHitRate);
            }
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
            }
        }
    }

    private final List<Point> points;

    public OperatingPoints(List<Point> points) {
        requireNonNull(points, "points");
        if (points.isEmpty()) {
            throw new IllegalArgumentException("at least one operating point is needed");
        }
        this.points = points.stream().sorted(Comparator.comparingDouble(Point::maxFalseHitRate)).toList();
    }

    public List<Point> points() {
        return points;
    }

    /**
     * The point for a tenant allowing {@code maxFalseHitRate}: the loosest one measured at or below it. A rate
     * stricter than every measured point gets the strictest point, never a looser one.
     */
    public Point pointFor(double maxFalseHitRate) {
        Point chosen = points.get(0);
        for (Point point : points) {
            if (point.maxFalseHitRate() <= maxFalseHitRate) {
                chosen = point;
            }
        }
        return chosen;
    }
}
