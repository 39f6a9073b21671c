package io.llmcache.cache.semantic.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperatingPointsTest {
    private final OperatingPoints points = new OperatingPoints(List.of(
            new OperatingPoints.Point(0.05, 0.80, 0.50),
            new OperatingPoints.Point(0.01, 0.95, 0.20),
            new OperatingPoints.Point(0.02, 0.90, 0.30)));

    @Test
    void picksTheLoosestPointWithinTheRate() {
        assertThat(points.pointFor(0.01).threshold()).isEqualTo(0.95);
        assertThat(points.pointFor(0.03).threshold()).isEqualTo(0.90);
        assertThat(points.pointFor(0.5).threshold()).isEqualTo(0.80);
    }

    @Test
    void aRateStricterThanEveryPointGetsTheStrictestPoint() {
        assertThat(points.pointFor(0.001).threshold()).isEqualTo(0.95);
    }

    @Test
    void refusesImpossibleRates() {
        assertThatThrownBy(() -> new OperatingPoints.Point(0, 0.9, 0.1)).hasMessageContaining("maxFalseHitRate");
        assertThatThrownBy(() -> new OperatingPoints(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
