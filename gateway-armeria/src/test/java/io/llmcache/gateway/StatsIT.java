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
 * GET /api/stats against the real database. The analytics view belongs to the analytics job: when it
 * exists the contract fields come back, when it does not the answer is 503, never made-up zeros.
 */
class StatsIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static IntegrationEnvironment.TestTenant tenant;

    @BeforeAll
    static void createTenant() {
        tenant = env.newTenant("stats-it");
    }

    private static AggregatedHttpResponse stats(String bearer, String query) {
        return env.client().execute(RequestHeaders.of(HttpMethod.GET, "/api/stats" + query,
                HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer));
    }

    private static boolean viewExists() throws Exception {
        Map<String, String> settings = env.gatewayEnv();
        try (Connection connection = DriverManager.getConnection(
                settings.getOrDefault("LLMCACHE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:25432/llmcache"),
                settings.getOrDefault("LLMCACHE_POSTGRES_USER", "llmcache"),
                settings.getOrDefault("LLMCACHE_POSTGRES_PASSWORD", "llmcache"));
             ResultSet rs = connection.createStatement()
                     .executeQuery("SELECT to_regclass('analytics.usage_minute_v') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void answersTheContractFieldsOrSaysAnalyticsIsNotReady() throws Exception {
        boolean ready = viewExists();
        for (AggregatedHttpResponse response : new AggregatedHttpResponse[] {
                stats(tenant.key(), ""), stats(env.adminToken(), ""),
                stats(env.adminToken(), "?tenant_id=" + tenant.tenantId())}) {
            JsonNode body = json(response);
            if (ready) {
                assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
                assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("requests", "exact_hits",
                        "semantic_hits", "misses", "bypasses", "errors", "hit_rate", "tokens_saved",
                        "cost_saved_usd", "upstream_cost_usd");
                assertThat(body.get("requests").asLong()).isNotNegative();
            } else {
                assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                assertThat(body.at("/error/code").asText()).isEqualTo("analytics_not_ready");
                assertThat(body.at("/error/message").asText()).contains("analytics.usage_minute_v");
            }
        }
    }

    @Test
    void aTenantKeyCannotReadAnotherTenant() {
        AggregatedHttpResponse response = stats(tenant.key(), "?tenant_id=someone-else");
        assertThat(response.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(response).at("/error/type").asText()).isEqualTo("permission_error");
    }

    @Test
    void requiresAKey() {
        AggregatedHttpResponse response = env.client().get("/api/stats");
        assertThat(response.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
