package io.llmcache.gateway;

import static io.llmcache.gateway.IntegrationEnvironment.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /api/usage against the real database: parameter errors in OpenAI's shape, tenant scoping, and either
 * an empty series for a tenant without traffic or 503 when the analytics job has not created its view yet.
 * Rows the job wrote are checked end to end by the lead's stack test.
 */
class UsageReportIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static IntegrationEnvironment.TestTenant tenant;

    @BeforeAll
    static void createTenant() {
        tenant = env.newTenant("usage-report-it");
    }

    private static AggregatedHttpResponse usage(String bearer, String query) {
        return env.client().execute(RequestHeaders.of(HttpMethod.GET, "/api/usage" + query,
                HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer));
    }

    private static boolean viewExists() throws Exception {
        Map<String, String> settings = env.gatewayEnv();
        try (Connection connection = DriverManager.getConnection(
                settings.getOrDefault("LLMCACHE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:25432/llmcache"),
                settings.getOrDefault("LLMCACHE_POSTGRES_USER", "llmcache"),
                settings.getOrDefault("LLMCACHE_POSTGRES_PASSWORD", "llmcache"));
             ResultSet rs = connection.createStatement()
                     .executeQuery("SELECT to_regclass('analytics.usage_rollup_v') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void aTenantWithoutTrafficGetsAnEmptySeriesOrAnalyticsIsNotReady() throws Exception {
        boolean ready = viewExists();
        String range = "?granularity=day&group_by=key&from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z";
        for (AggregatedHttpResponse response : new AggregatedHttpResponse[] {
                usage(tenant.key(), range), usage(env.adminToken(), range + "&tenant_id=" + tenant.tenantId()),
                usage(tenant.key(), "")}) {
            JsonNode body = json(response);
            if (ready) {
                assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
                assertThat(body.fieldNames()).toIterable()
                        .containsExactly("granularity", "from", "to", "group_by", "series");
                assertThat(body.get("series").isArray()).isTrue();
                assertThat(body.get("series")).isEmpty();
            } else {
                assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                assertThat(body.at("/error/code").asText()).isEqualTo("analytics_not_ready");
                assertThat(body.at("/error/message").asText()).contains("analytics.usage_rollup_v");
            }
        }
        if (ready) {
            JsonNode body = json(usage(tenant.key(), range));
            assertThat(body.get("granularity").asText()).isEqualTo("day");
            assertThat(body.get("group_by").asText()).isEqualTo("key");
            assertThat(body.get("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(body.get("to").asText()).isEqualTo("2026-01-31T00:00:00Z");
            assertThat(json(usage(tenant.key(), "")).get("granularity").asText()).isEqualTo("hour");
        }
    }

    @Test
    void invalidParametersAre400sInOpenAisShape() {
        assertBadRequest(usage(tenant.key(), "?granularity=week"), "granularity");
        assertBadRequest(usage(tenant.key(), "?group_by=tenant"), "group_by");
        assertBadRequest(usage(tenant.key(), "?from=yesterday"), "from");
        assertBadRequest(usage(tenant.key(), "?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"), "from");
        // Three days of minutes is more buckets than one report may hold.
        AggregatedHttpResponse tooLarge = usage(env.adminToken(),
                "?granularity=minute&from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z");
        assertBadRequest(tooLarge, "from");
        assertThat(json(tooLarge).at("/error/message").asText()).contains("at most 1500");
    }

    @Test
    void aTenantKeyCannotReadAnotherTenant() {
        AggregatedHttpResponse response = usage(tenant.key(), "?tenant_id=someone-else");
        assertThat(response.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(response).at("/error/type").asText()).isEqualTo("permission_error");
    }

    @Test
    void requiresAKey() {
        AggregatedHttpResponse response = env.client().get("/api/usage");
        assertThat(response.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("invalid_api_key");
    }

    private static void assertBadRequest(AggregatedHttpResponse response, String param) {
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
