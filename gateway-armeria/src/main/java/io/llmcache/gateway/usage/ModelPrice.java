package io.llmcache.gateway.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** A model's list price in US dollars per million input and output tokens. */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

    public ModelPrice {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
            throw new IllegalArgumentException("negative price: " + inputPerMillion + "/" + outputPerMillion);
        }
    }

    /**
     * The cost in whole micro-dollars, rounded half-up once for the whole request. Dollars per million
     * tokens equal micro-dollars per token, so no scaling is needed.
     */
    public long costMicros(long promptTokens, long completionTokens) {
        return inputPerMillion.multiply(BigDecimal.valueOf(promptTokens))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(completionTokens)))
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
