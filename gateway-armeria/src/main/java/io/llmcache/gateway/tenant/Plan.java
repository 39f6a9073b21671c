package io.llmcache.gateway.tenant;

import io.llmcache.gateway.error.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The plans of DESIGN §5; limits and prices live in billing, the gateway only records the choice. */
public enum Plan {
    FREE, STARTUP, BUSINESS, ENTERPRISE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Plan parse(String value) {
        for (Plan plan : values()) {
            if (plan.id().equals(value)) {
                return plan;
            }
        }
        throw new InvalidRequestException("Unknown plan '" + value + "'; expected one of "
                + Arrays.stream(values()).map(Plan::id).collect(Collectors.joining(", ")) + ".", "plan");
    }
}
