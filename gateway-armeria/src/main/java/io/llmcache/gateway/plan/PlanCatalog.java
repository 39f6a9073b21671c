package io.llmcache.gateway.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plans on offer, loaded once at start-up from a versioned data file (e.g. {@code plans/v1.json}),
 * never from code. Iteration order is the file's order.
 */
public final class PlanCatalog {

    private final String version;
    private final Map<String, Plan> plans;
    private final Plan defaultPlan;

    PlanCatalog(String version, List<Plan> plans, String defaultPlanId) {
        this.version = Objects.requireNonNull(version, "version");
        Map<String, Plan> byId = new LinkedHashMap<>();
        for (Plan plan : plans) {
            if (byId.put(plan.id(), plan) != null) {
                throw new IllegalArgumentException("plan catalog " + version + " lists plan '" + plan.id() + "' twice");
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("plan catalog " + version + " lists no plans");
        }
        this.plans = Collections.unmodifiableMap(byId);
        this.defaultPlan = byId.get(Objects.requireNonNull(defaultPlanId, "defaultPlanId"));
        if (defaultPlan == null) {
            throw new IllegalArgumentException("plan catalog " + version + " names default plan '" + defaultPlanId
                    + "', which it does not list; expected one of " + ids());
        }
    }

    /** Loads a plan file from the classpath; fails at start-up if it is missing or malformed. */
    public static PlanCatalog load(String resource, ObjectMapper mapper) {
        try (InputStream in = PlanCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("plan file " + resource + " is not on the classpath");
            }
            return fromJson(mapper.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plan file " + resource, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("plan file " + resource + " is invalid: " + e.getMessage(), e);
        }
    }

    static PlanCatalog fromJson(JsonNode root) {
        List<Plan> plans = new ArrayList<>();
        for (JsonNode entry : required(root, "plans")) {
            JsonNode overage = entry.get("overage_per_request_usd");
            plans.add(new Plan(
                    required(entry, "id").asText(),
                    required(entry, "name").asText(),
                    integer(entry, "monthly_requests"),
                    Math.toIntExact(integer(entry, "max_keys")),
                    Math.toIntExact(integer(entry, "retention_days")),
                    Math.toIntExact(integer(entry, "analytics_days")),
                    decimal(entry, required(entry, "base_fee_usd")),
                    overage == null || overage.isNull() ? Optional.empty() : Optional.of(decimal(entry, overage))));
        }
        return new PlanCatalog(required(root, "version").asText(), plans, required(root, "default_plan").asText());
    }

    public String version() {
        return version;
    }

    /** The plan with this id, or empty when the catalog has none. */
    public Optional<Plan> find(String id) {
        return Optional.ofNullable(plans.get(id));
    }

    /** The plan of a stored tenant; a stored id missing from the catalog is a deployment error. */
    public Plan get(String id) {
        Plan plan = plans.get(id);
        if (plan == null) {
            throw new IllegalStateException("plan '" + id + "' is not in plan catalog " + version
                    + "; expected one of " + ids());
        }
        return plan;
    }

    /** The plan of a tenant created without one. */
    public Plan defaultPlan() {
        return defaultPlan;
    }

    /** Every plan id, in the file's order. */
    public List<String> ids() {
        return List.copyOf(plans.keySet());
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("entry " + node + " lacks '" + field + "'");
        }
        return value;
    }

    private static long integer(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' of " + node + " is not a whole number");
        }
        return value.asLong();
    }

    private static BigDecimal decimal(JsonNode entry, JsonNode value) {
        // Money must be exact: a JSON float would already have been rounded by the parser.
        if (!value.isTextual()) {
            throw new IllegalArgumentException("money in " + entry + " must be a decimal string, not " + value);
        }
        try {
            return new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value.asText() + "' in " + entry + " is not a decimal", e);
        }
    }
}
