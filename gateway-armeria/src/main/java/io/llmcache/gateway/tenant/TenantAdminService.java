package io.llmcache.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import io.llmcache.gateway.auth.ApiKeys;
import io.llmcache.gateway.auth.Authentication;
import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.error.InvalidRequestException;
import io.llmcache.gateway.error.NotFoundException;
import io.llmcache.gateway.ids.UuidV7Generator;
import io.llmcache.gateway.json.Json;
import io.llmcache.gateway.plan.Plan;
import io.llmcache.gateway.plan.PlanCatalog;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Admin API: tenants and their API keys. The admin token may act on every tenant; a tenant key only on its
 * own tenant, and any other tenant id answers 404 exactly as an unknown one does, so a key cannot probe
 * which tenants exist. Runs on the blocking executor (JDBC).
 */
@Blocking
public final class TenantAdminService {

    private static final int MAX_NAME_LENGTH = 200;

    private final TenantRepository repository;
    private final PlanCatalog plans;
    private final ApiKeys apiKeys;
    private final Authentication authentication;
    private final UuidV7Generator ids;
    private final Clock clock;
    private final Json json;

    public TenantAdminService(TenantRepository repository, PlanCatalog plans, ApiKeys apiKeys,
                              Authentication authentication, UuidV7Generator ids, Clock clock, Json json) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.authentication = Objects.requireNonNull(authentication, "authentication");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** {@code POST /api/tenants {"name","plan"}} (admin only) → 201 with the tenant. */
    @Post("/api/tenants")
    public HttpResponse createTenant(ServiceRequestContext ctx, AggregatedHttpRequest request) throws SQLException {
        Authentication.requireAdmin(ctx);
        ObjectNode body = json.readObject(request.content().array());
        String name = requiredName(body);
        JsonNode planNode = body.get("plan");
        if (planNode != null && !planNode.isNull() && !planNode.isTextual()) {
            throw new InvalidRequestException("'plan' must be a string.", "plan");
        }
        Plan plan = planNode == null || planNode.isNull() ? plans.defaultPlan() : plan(planNode.asText());
        Tenant tenant = new Tenant(ids.nextString(), name, plan.id(), now().toString());
        repository.insertTenant(tenant);
        return json.response(HttpStatus.CREATED, tenant);
    }

    /** {@code POST /api/tenants/{id}/keys {"name"}} → 201 with the key, shown this once; 409 past the plan's limit. */
    @Post("/api/tenants/{id}/keys")
    public HttpResponse createKey(ServiceRequestContext ctx, @Param("id") String tenantId,
                                  AggregatedHttpRequest request) throws SQLException {
        requireAccess(ctx, tenantId);
        ObjectNode body = request.content().isEmpty() ? json.mapper().createObjectNode()
                : json.readObject(request.content().array());
        String name = body.hasNonNull("name") ? requiredName(body) : "default";
        ApiKeys.GeneratedKey generated = apiKeys.generate();
        Instant createdAt = now();
        TenantRepository.StoredKey stored = new TenantRepository.StoredKey(ids.nextString(), name,
                generated.prefix(), ApiKeys.hash(generated.key()), createdAt);
        KeyInsert outcome = repository.insertKeyWithinLimit(tenantId, stored, plans);
        if (outcome instanceof KeyInsert.NoSuchTenant) {
            throw tenantNotFound(tenantId);
        }
        if (outcome instanceof KeyInsert.LimitReached limit) {
            throw new KeyLimitExceededException("Tenant '" + tenantId + "' already has " + limit.activeKeys()
                    + " active API keys and plan " + limit.plan().name() + " allows at most "
                    + limit.plan().maxKeys() + "; revoke one with DELETE /api/tenants/" + tenantId
                    + "/keys/{key_id} or upgrade the plan.");
        }
        return json.response(HttpStatus.CREATED, new IssuedKey(stored.id(), generated.key(), generated.prefix(),
                name, createdAt.toString()));
    }

    /** {@code GET /api/tenants/{id}/keys} → the tenant's keys, revoked ones included, without secrets. */
    @Get("/api/tenants/{id}/keys")
    public HttpResponse listKeys(ServiceRequestContext ctx, @Param("id") String tenantId) throws SQLException {
        requireAccess(ctx, tenantId);
        if (Authentication.caller(ctx) instanceof Caller.Admin && !repository.tenantExists(tenantId)) {
            throw tenantNotFound(tenantId);
        }
        return json.response(HttpStatus.OK, new KeyList(repository.listKeys(tenantId)));
    }

    /**
     * {@code DELETE /api/tenants/{id}/keys/{keyId}} → 204, also when already revoked. The key is refused
     * at once by this instance; other instances refuse it once their authentication cache entry expires.
     */
    @Delete("/api/tenants/{id}/keys/{keyId}")
    public HttpResponse revokeKey(ServiceRequestContext ctx, @Param("id") String tenantId,
                                  @Param("keyId") String keyId) throws SQLException {
        requireAccess(ctx, tenantId);
        Optional<String> keyHash = repository.revokeKey(tenantId, keyId, now());
        if (keyHash.isEmpty()) {
            if (!repository.tenantExists(tenantId)) {
                throw tenantNotFound(tenantId);
            }
            throw new NotFoundException("Tenant '" + tenantId + "' has no API key with id '" + keyId + "'.",
                    "api_key_not_found");
        }
        authentication.invalidate(keyHash.get());
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    /** The admin may act on any tenant; a tenant key only on its own, and sees others as nonexistent. */
    private static void requireAccess(ServiceRequestContext ctx, String tenantId) {
        if (Authentication.caller(ctx) instanceof Caller.Tenant caller && !caller.tenantId().equals(tenantId)) {
            throw tenantNotFound(tenantId);
        }
    }

    private Plan plan(String id) {
        return plans.find(id).orElseThrow(() -> new InvalidRequestException("Unknown plan '" + id
                + "'; expected one of " + String.join(", ", plans.ids()) + ".", "plan"));
    }

    private static NotFoundException tenantNotFound(String tenantId) {
        return new NotFoundException("No tenant with id '" + tenantId + "'.", "tenant_not_found");
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
