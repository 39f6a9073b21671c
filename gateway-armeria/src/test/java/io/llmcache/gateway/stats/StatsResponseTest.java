package io.llmcache.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmcache.gateway.json.Json;
import org.junit.jupiter.api.Test;

class StatsResponseTest {

    private final Json json = new Json();

    private JsonNode render(UsageTotals totals) {
        return json.readTreeOrNull(json.write(StatsResponse.of(totals)));
    }

    @Test
    void mapsTotalsToTheContractFields() {
        JsonNode body = render(new UsageTotals(8, 3, 1, 3, 1, 0, 1_234, 12_500_000, 1_500));

        assertThat(body.get("requests").asLong()).isEqualTo(8);
        assertThat(body.get("exact_hits").asLong()).isEqualTo(3);
        assertThat(body.get("semantic_hits").asLong()).isEqualTo(1);
        assertThat(body.get("misses").asLong()).isEqualTo(3);
        assertThat(body.get("bypasses").asLong()).isEqualTo(1);
        assertThat(body.get("errors").asLong()).isEqualTo(0);
        assertThat(body.get("tokens_saved").asLong()).isEqualTo(1_234);
        assertThat(body.get("hit_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(body.get("cost_saved_usd").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(body.get("upstream_cost_usd").decimalValue()).isEqualByComparingTo("0.0015");
        assertThat(new String(json.write(StatsResponse.of(new UsageTotals(10, 10, 0, 0, 0, 0, 0, 10_000_000, 0)))))
                .contains("\"cost_saved_usd\":10").doesNotContain("E+");
        assertThat(body.size()).isEqualTo(10);
    }

    @Test
    void noRequestsMeansAZeroHitRateNotADivisionError() {
        JsonNode body = render(UsageTotals.EMPTY);
        assertThat(body.get("hit_rate").decimalValue()).isEqualByComparingTo("0");
        assertThat(body.get("cost_saved_usd").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void hitRateIsRoundedToFourDecimals() {
        JsonNode body = render(new UsageTotals(3, 1, 0, 2, 0, 0, 0, 0, 0));
        assertThat(body.get("hit_rate").decimalValue()).isEqualByComparingTo("0.3333");
    }
}
