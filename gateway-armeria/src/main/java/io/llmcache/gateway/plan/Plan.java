package io.llmcache.gateway.plan;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One plan's limits and prices, as held in the plan catalog's data file.
 *
 * @param id stable identifier stored on tenants ({@code free}, {@code startup}, ...)
 * @param name display name
 * @param monthlyRequests requests included per calendar month
 * @param maxKeys most API keys a tenant may hold at once (revoked keys do not count)
 * @param retentionDays days a cache entry is kept
 * @param analyticsDays days of usage history the tenant may query
 * @param baseFeeUsd monthly fee in USD
 * @param overagePerRequestUsd USD per request beyond the allowance; empty means a hard stop instead
 */
public record Plan(String id, String name, long monthlyRequests, int maxKeys, int retentionDays, int analyticsDays,
                   BigDecimal baseFeeUsd, Optional<BigDecimal> overagePerRequestUsd) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseFeeUsd, "baseFeeUsd");
        Objects.requireNonNull(overagePerRequestUsd, "overagePerRequestUsd");
        if (!id.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("plan id '" + id + "' must be lower-case letters, digits and '_'");
        }
        requirePositive(id, "monthly_requests", monthlyRequests);
        requirePositive(id, "max_keys", maxKeys);
        requirePositive(id, "retention_days", retentionDays);
        requirePositive(id, "analytics_days", analyticsDays);
        requireNotNegative(id, "base_fee_usd", baseFeeUsd);
        overagePerRequestUsd.ifPresent(overage -> requireNotNegative(id, "overage_per_request_usd", overage));
    }

    /** True when requests beyond the allowance are refused rather than billed. */
    public boolean hardStop() {
        return overagePerRequestUsd.isEmpty();
    }

    private static void requirePositive(String id, String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("plan '" + id + "' has " + field + " " + value + "; expected > 0");
        }
    }

    private static void requireNotNegative(String id, String field, BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("plan '" + id + "' has " + field + " " + value.toPlainString()
                    + "; expected >= 0");
        }
    }
}
