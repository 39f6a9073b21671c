package io.llmcache.gateway.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The {@code GET /api/stats} body. Dollars are exact decimals converted from micro-dollars;
 * {@code hitRate} is (exact + semantic hits) / requests, 0 when there were no requests.
 */
public record StatsResponse(long requests, long exactHits, long semanticHits, long misses, long bypasses,
                            long errors, BigDecimal hitRate, long tokensSaved, BigDecimal costSavedUsd,
                            BigDecimal upstreamCostUsd) {

    public static StatsResponse of(UsageTotals totals) {
        BigDecimal hitRate = totals.requests() == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(totals.exactHits() + totals.semanticHits())
                        .divide(BigDecimal.valueOf(totals.requests()), 4, RoundingMode.HALF_UP)
                        .stripTrailingZeros();
        return new StatsResponse(totals.requests(), totals.exactHits(), totals.semanticHits(), totals.misses(),
                totals.bypasses(), totals.errors(), hitRate, totals.tokensSaved(), usd(totals.savedCostMicros()),
                usd(totals.upstreamCostMicros()));
    }

    private static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }
}
