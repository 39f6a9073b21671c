package io.llmcache.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import io.llmcache.gateway.auth.ApiKeys;
import io.llmcache.gateway.auth.Authentication;
import io.llmcache.gateway.error.InvalidRequestException;
import io.llmcache.gateway.error.NotFoundException;
import io.llmcache.gateway.ids.UuidV7Generator;
import io.llmcache.gateway.json.Json;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Admin API: create tenants and issue their API keys. Runs on the blocking executor (JDBC). */
@Blocking
public final class TenantAdminService {

    private static final int MAX_NAME_LENGTH = 200;

    private final TenantRepository repository;
    private final ApiKeys apiKeys;
    private final UuidV7Generator ids;
    private final Clock clock;
    private final Json json;

    public TenantAdminService(TenantRepository repository, ApiKeys apiKeys, UuidV7Generator ids, Clock clock,
                              Json json) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** {@code POST /api/tenants {"name","plan"}} → 201 with the tenant. */
    @Post("/api/tenants")
    public HttpResponse createTenant(ServiceRequestContext ctx, AggregatedHttpRequest request) throws SQLException {
        Authentication.requireAdmin(ctx);
        ObjectNode body = json.readObject(request.content().array());
        String name = requiredName(body);
        JsonNode planNode = body.get("plan");
        if (planNode != null && !planNode.isNull() && !planNode.isTextual()) {
            throw new InvalidRequestException("'plan' must be a string.", "plan");
        }
        Plan plan = planNode == null || planNode.isNull() ? Plan.FREE : Plan.parse(planNode.asText());
        Tenant tenant = new Tenant(ids.nextString(), name, plan.id(), now().toString());
        repository.insertTenant(tenant);
        return json.response(HttpStatus.CREATED, tenant);
    }

    /** {@code POST /api/tenants/{id}/keys {"name"}} → 201 with the key, shown this once. */
    @Post("/api/tenants/{id}/keys")
    public HttpResponse createKey(ServiceRequestContext ctx, @Param("id") String tenantId,
                                  AggregatedHttpRequest request) throws SQLException {
        Authentication.requireAdmin(ctx);
        ObjectNode body = request.content().isEmpty() ? json.mapper().createObjectNode()
                : json.readObject(request.content().array());
        String name = body.hasNonNull("name") ? requiredName(body) : "default";
        ApiKeys.GeneratedKey generated = apiKeys.generate();
        Instant createdAt = now();
        TenantRepository.StoredKey stored = new TenantRepository.StoredKey(ids.nextString(), name,
                generated.prefix(), ApiKeys.hash(generated.key()), createdAt);
        if (!repository.insertKey(tenantId, stored)) {
            throw new NotFoundException("No tenant with id '" + tenantId + "'.", "tenant_not_found");
        }
        return json.response(HttpStatus.CREATED, new IssuedKey(stored.id(), generated.key(), generated.prefix(),
                name, createdAt.toString()));
    }

    private Instant now() {
        // Microseconds: what PostgreSQL keeps, so the echoed time equals the stored one.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String requiredName(ObjectNode body) {
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new InvalidRequestException("'name' is required and must be a non-empty string.", "name");
        }
        String trimmed = name.asText().trim();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("'name' has " + trimmed.length() + " characters; at most "
                    + MAX_NAME_LENGTH + " are allowed.", "name");
        }
        return trimmed;
    }
}
