package io.llmcache.cache.stats;

import io.llmcache.cache.Scope;
import java.util.Optional;

/** Per-tenant (and per-namespace) lookup counters, shared by every cache-server instance. */
public interface LookupCounters {
    void record(Scope scope, LookupOutcome outcome);

    /** Totals of the tenant, of one namespace or (empty) of all of them. */
    LookupTotals totals(String tenantId, Optional<String> namespace);
}
