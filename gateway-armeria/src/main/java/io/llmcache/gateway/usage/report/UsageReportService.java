package io.llmcache.gateway.usage.report;

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
import java.time.Clock;
import java.util.Objects;

/**
 * {@code GET /api/usage?from=&to=&granularity=minute|hour|day|month&group_by=model|key}: usage series from
 * the analytics rollups. A tenant key sees its own tenant; the admin token sees all tenants, or one with
 * {@code ?tenant_id=}.
 */
@Blocking
public final class UsageReportService {

    private final UsageReportRepository repository;
    private final Clock clock;
    private final Json json;

    public UsageReportService(UsageReportRepository repository, Clock clock, Json json) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Get("/api/usage")
    public HttpResponse usage(ServiceRequestContext ctx, @Param("tenant_id") @Nullable String tenantId,
                              @Param("granularity") @Nullable String granularity,
                              @Param("from") @Nullable String from, @Param("to") @Nullable String to,
                              @Param("group_by") @Nullable String groupBy) throws SQLException {
        String scope;
        if (Authentication.caller(ctx) instanceof Caller.Tenant tenant) {
            if (tenantId != null && !tenantId.equals(tenant.tenantId())) {
                throw new PermissionDeniedException("An API key can only read its own tenant's usage; tenant_id '"
                        + tenantId + "' is not the key's tenant.");
            }
            scope = tenant.tenantId();
        } else {
            scope = tenantId == null || tenantId.isBlank() ? null : tenantId;
        }
        UsageReportQuery query = UsageReportQuery.parse(scope, granularity, from, to, groupBy, clock);
        UsageReport report = new UsageReport(query, repository.series(query));
        return json.response(HttpStatus.OK, report.toJson(json.mapper()));
    }
}
