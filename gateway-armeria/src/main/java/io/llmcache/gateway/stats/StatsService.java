package io.llmcache.gateway.stats;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import io.llmcache.gateway.auth.Authentication;
import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.error.PermissionDeniedException;
import io.llmcache.gateway.json.Json;
import java.sql.SQLException;
import java.util.Objects;

/**
 * {@code GET /api/stats}: a tenant key sees its own tenant; the admin token sees all tenants, or one with
 * {@code ?tenant_id=}.
 */
@Blocking
public final class StatsService {

    private final StatsRepository repository;
    private final Json json;

    public StatsService(StatsRepository repository, Json json) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Get("/api/stats")
    public HttpResponse stats(ServiceRequestContext ctx, @Param("tenant_id") @Nullable String tenantId)
            throws SQLException {
        String scope;
        if (Authentication.caller(ctx) instanceof Caller.Tenant tenant) {
            if (tenantId != null && !tenantId.equals(tenant.tenantId())) {
                throw new PermissionDeniedException("An API key can only read its own tenant's stats; tenant_id '"
                        + tenantId + "' is not the key's tenant.");
            }
            scope = tenant.tenantId();
        } else {
            scope = tenantId == null || tenantId.isBlank() ? null : tenantId;
        }
        return json.response(HttpStatus.OK, StatsResponse.of(repository.totals(scope)));
    }
}
