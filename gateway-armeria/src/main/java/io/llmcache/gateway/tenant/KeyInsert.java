package io.llmcache.gateway.tenant;

import io.llmcache.gateway.plan.Plan;

/** The outcome of storing a new API key under its plan's limit. */
public sealed interface KeyInsert {

    record Inserted() implements KeyInsert {
    }

    record NoSuchTenant() implements KeyInsert {
    }

    /** The tenant already holds its plan's maximum of active keys; nothing was stored. */
    record LimitReached(Plan plan, int activeKeys) implements KeyInsert {
    }
}
