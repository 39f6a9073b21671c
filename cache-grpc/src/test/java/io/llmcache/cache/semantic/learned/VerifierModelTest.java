package io.llmcache.cache.semantic.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifierModelTest {
    private static VerifierModel parse(String json) throws Exception {
        return VerifierModel.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String features() {
        return PairFeatures.NAMES.stream().map(name -> '"' + name + '"')
                .reduce((a, b) -> a + ',' + b).orElseThrow();
    }

    @Test
    void bundledModelLoadsWithItsOperatingPoints() {
        VerifierModel model = VerifierModel.bundled();
        assertThat(model.version()).isNotBlank();
        assertThat(model.ensemble().trees()).isNotEmpty();
        assertThat(model.cosineFloor()).isBetween(0.0, 0.95);
        OperatingPoints.Point onePercent = model.operatingPoints().pointFor(0.01);
        assertThat(onePercent.maxFalseHitRate()).isEqualTo(0.01);
        // A looser rate never demands a higher score.
        assertThat(model.operatingPoints().pointFor(0.05).threshold()).isLessThanOrEqualTo(onePercent.threshold());
        assertThat(model.operatingPoints().pointFor(0.05).recall()).isGreaterThanOrEqualTo(onePercent.recall());
    }

    @Test
    void readsAHandWrittenModel() throws Exception {
        // One stump on cosine: 0.9 and above is likely the same question.
        VerifierModel model = parse("{\"format\":\"llmcache-verifier-gbdt\",\"version\":\"t1\",\"features\":["
                + features() + "],\"cosine_floor\":0.5,\"bias\":0,"
                + "\"operating_points\":[{\"max_false_hit_rate\":0.01,\"threshold\":0.8,\"recall\":0.3}],"
                + "\"trees\":[{\"feature\":[0,-1,-1],\"threshold\":[0.9,0,0],\"left\":[1,-1,-1],"
                + "\"right\":[2,-1,-1],\"value\":[0,-2,2]}]}");
        double[] near = PairFeatures.of("a", "b", 0.95);
        double[] far = PairFeatures.of("a", "b", 0.7);
        assertThat(model.ensemble().probability(near)).isCloseTo(1 / (1 + Math.exp(-2)), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(model.ensemble().probability(far)).isLessThan(0.5);
        assertThat(model.version()).isEqualTo("t1");
    }

    @Test
    void refusesAModelTrainedOnOtherFeatures() {
        assertThatThrownBy(() -> parse("{\"format\":\"llmcache-verifier-gbdt\",\"version\":\"t1\","
                + "\"features\":[\"cosine\"],\"cosine_floor\":0.5,\"bias\":0,\"operating_points\":[],\"trees\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
        assertThatThrownBy(() -> parse("{\"format\":\"other\"}")).hasMessageContaining("format");
    }

    @Test
    void refusesATreeWhoseChildrenPointOutside() {
        assertThatThrownBy(() -> parse("{\"format\":\"llmcache-verifier-gbdt\",\"version\":\"t1\",\"features\":["
                + features() + "],\"cosine_floor\":0.5,\"bias\":0,"
                + "\"operating_points\":[{\"max_false_hit_rate\":0.01,\"threshold\":0.8,\"recall\":0.3}],"
                + "\"trees\":[{\"feature\":[0],\"threshold\":[0.9],\"left\":[1],\"right\":[2],\"value\":[0]}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("children");
    }
}
