package io.llmcache.gateway;

import static io.llmcache.gateway.IntegrationEnvironment.chatBody;
import static io.llmcache.gateway.IntegrationEnvironment.json;
import static io.llmcache.gateway.IntegrationEnvironment.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Authentication, the admin API and request validation against the running gateway. */
class AccessAndValidationIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static IntegrationEnvironment.TestTenant tenant;

    @BeforeAll
    static void createTenant() {
        tenant = env.newTenant("access-it");
    }

    private static JsonNode openAiError(AggregatedHttpResponse response, HttpStatus status) {
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(status);
        assertThat(response.headers().get("x-request-id")).isNotBlank();
        JsonNode error = json(response).get("error");
        assertThat(error).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
        return error;
    }

    @Test
    void missingOrUnknownKeysAre401AndNeverReachTheUpstream() {
        long before = env.sim().chatRequests();
        String body = chatBody("gpt-4o-mini", "s", "hello");

        JsonNode missing = openAiError(env.chat(null, body), HttpStatus.UNAUTHORIZED);
        JsonNode unknown = openAiError(env.chat("lc_deadbeef_notarealkey", body), HttpStatus.UNAUTHORIZED);

        assertThat(missing.get("message").asText()).contains("didn't provide an API key");
        assertThat(unknown.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(env.sim().chatRequests()).isEqualTo(before);
    }

    @Test
    void malformedJsonAndMissingMessagesAre400() {
        JsonNode malformed = openAiError(env.chat(tenant.key(), "{\"model\": \"gpt-4o-mini\", "),
                HttpStatus.BAD_REQUEST);
        JsonNode noMessages = openAiError(env.chat(tenant.key(), "{\"model\":\"gpt-4o-mini\"}"),
                HttpStatus.BAD_REQUEST);
        JsonNode emptyMessages = openAiError(env.chat(tenant.key(), "{\"model\":\"gpt-4o-mini\",\"messages\":[]}"),
                HttpStatus.BAD_REQUEST);
        JsonNode noModel = openAiError(env.chat(tenant.key(),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), HttpStatus.BAD_REQUEST);

        assertThat(malformed.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(noMessages.get("param").asText()).isEqualTo("messages");
        assertThat(emptyMessages.get("param").asText()).isEqualTo("messages");
        assertThat(noModel.get("param").asText()).isEqualTo("model");
    }

    @Test
    void adminEndpointsRequireTheAdminToken() {
        String tenantBody = "{\"name\":\"intruder\"}";
        openAiError(post(env.client(), "/api/tenants", null, tenantBody), HttpStatus.UNAUTHORIZED);
        openAiError(post(env.client(), "/api/tenants", "not-the-admin-token", tenantBody), HttpStatus.UNAUTHORIZED);
        openAiError(post(env.client(), "/api/tenants", tenant.key(), tenantBody), HttpStatus.FORBIDDEN);
        // A tenant key may manage its own keys only (ApiKeysIT); any other tenant is hidden as 404.
        openAiError(post(env.client(), "/api/tenants/" + tenant.tenantId() + "-other/keys", tenant.key(), "{}"),
                HttpStatus.NOT_FOUND);
        // The admin token is no tenant: it cannot spend upstream money.
        openAiError(env.chat(env.adminToken(), chatBody("gpt-4o-mini", "s", "hi")), HttpStatus.FORBIDDEN);
    }

    @Test
    void tenantsAndKeysAreCreatedAsTheContractSays() {
        JsonNode created = json(post(env.client(), "/api/tenants", env.adminToken(),
                "{\"name\":\"Acme Inc\",\"plan\":\"business\"}", HttpStatus.CREATED));
        assertThat(created.get("name").asText()).isEqualTo("Acme Inc");
        assertThat(created.get("plan").asText()).isEqualTo("business");
        assertThat(created.get("created_at").asText()).endsWith("Z");
        String tenantId = created.get("id").asText();

        JsonNode key = json(post(env.client(), "/api/tenants/" + tenantId + "/keys", env.adminToken(),
                "{\"name\":\"ci\"}", HttpStatus.CREATED));
        assertThat(key.get("key").asText()).matches("lc_[a-z0-9]{8}_[A-Za-z0-9]{40}")
                .startsWith("lc_" + key.get("prefix").asText() + "_");
        assertThat(key.get("name").asText()).isEqualTo("ci");
        assertThat(env.chat(key.get("key").asText(), chatBody("gpt-4o-mini", "s", "Does this new key work?"))
                .status()).isEqualTo(HttpStatus.OK);

        openAiError(post(env.client(), "/api/tenants", env.adminToken(), "{\"name\":\"x\",\"plan\":\"gold\"}"),
                HttpStatus.BAD_REQUEST);
        openAiError(post(env.client(), "/api/tenants", env.adminToken(), "{\"plan\":\"free\"}"),
                HttpStatus.BAD_REQUEST);
        openAiError(post(env.client(), "/api/tenants/no-such-tenant/keys", env.adminToken(), "{\"name\":\"k\"}"),
                HttpStatus.NOT_FOUND);
    }

    @Test
    void aWellFormedRequestIdIsEchoedAndABadOneReplaced() {
        String body = chatBody("gpt-4o-mini", "s", "Echo my request id.");
        AggregatedHttpResponse kept = env.chat(tenant.key(), body, "x-request-id", "client-req-0042");
        AggregatedHttpResponse replaced = env.chat(tenant.key(), body, "x-request-id", "bad id with spaces");

        assertThat(kept.headers().get("x-request-id")).isEqualTo("client-req-0042");
        assertThat(replaced.headers().get("x-request-id"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
