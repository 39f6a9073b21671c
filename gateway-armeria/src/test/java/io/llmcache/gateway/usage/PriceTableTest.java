package io.llmcache.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.gateway.json.Json;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private final PriceTable prices = PriceTable.load("prices/v1.json", new Json().mapper());

    @Test
    void costIsTokensTimesDollarsPerMillionInMicroDollars() {
        // gpt-4o-mini: $0.15 input and $0.60 output per million tokens.
        assertThat(prices.priceOf("openai", "gpt-4o-mini").costMicros(1_000, 500)).isEqualTo(150 + 300);
        assertThat(prices.priceOf("openai", "gpt-4o").costMicros(1_000_000, 1_000_000))
                .isEqualTo(12_500_000L);
    }

    @Test
    void datedSnapshotsUseTheirFamilyPriceAndTheLongestMatchWins() {
        assertThat(prices.priceOf("openai", "gpt-4o-2024-08-06")).isEqualTo(prices.priceOf("openai", "gpt-4o"));
        assertThat(prices.priceOf("openai", "gpt-4o-mini-2024-07-18"))
                .isEqualTo(prices.priceOf("openai", "gpt-4o-mini"))
                .isNotEqualTo(prices.priceOf("openai", "gpt-4o"));
    }

    @Test
    void unknownModelsAndProvidersUseTheDefault() {
        ModelPrice fallback = new ModelPrice(new BigDecimal("0.15"), new BigDecimal("0.60"));
        assertThat(prices.priceOf("openai", "sim-1")).isEqualTo(fallback);
        assertThat(prices.priceOf("acme", "gpt-4o")).isEqualTo(fallback);
        assertThat(prices.version()).isEqualTo("v1");
    }

    @Test
    void roundsHalfUpOncePerRequest() {
        ModelPrice price = new ModelPrice(new BigDecimal("0.15"), new BigDecimal("0.60"));
        assertThat(price.costMicros(10, 0)).isEqualTo(2);   // 1.5 -> 2
        assertThat(price.costMicros(3, 0)).isEqualTo(0);    // 0.45 -> 0
        assertThat(price.costMicros(3, 1)).isEqualTo(1);    // 1.05 -> 1
        assertThat(price.costMicros(0, 0)).isZero();
    }
}
