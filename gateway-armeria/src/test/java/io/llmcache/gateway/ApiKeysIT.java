package io.llmcache.gateway;

import static io.llmcache.gateway.IntegrationEnvironment.chatBody;
import static io.llmcache.gateway.IntegrationEnvironment.json;
import static io.llmcache.gateway.IntegrationEnvironment.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import io.llmcache.gateway.auth.ApiKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Plans, API key limits, listing, revocation, last-used times and tenant isolation of the key API. */
class ApiKeysIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static final Set<String> LISTED_FIELDS =
            Set.of("id", "name", "prefix", "created_at", "last_used_at", "revoked_at");

    @Test
    void aFreeTenantsSecondKeyIsRefusedNamingTheLimitAndThePlan() {
        String tenantId = newTenant("free");
        String key = createKey(env.adminToken(), tenantId, "first").get("key").asText();

        JsonNode byAdmin = error(createKeyResponse(env.adminToken(), tenantId, "second"), HttpStatus.CONFLICT);
        JsonNode byTenant = error(createKeyResponse(key, tenantId, "second"), HttpStatus.CONFLICT);

        assertThat(byAdmin.get("code").asText()).isEqualTo("key_limit_reached");
        assertThat(byAdmin.get("message").asText()).contains("plan Free allows at most 1");
        assertThat(byTenant.get("code").asText()).isEqualTo("key_limit_reached");
        assertThat(listKeys(env.adminToken(), tenantId)).hasSize(1);
    }

    @Test
    void aStartupTenantsSixthKeyIsRefusedUntilOneIsRevoked() {
        String tenantId = newTenant("startup");
        List<String> keyIds = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            keyIds.add(createKey(env.adminToken(), tenantId, "k" + i).get("id").asText());
        }

        JsonNode sixth = error(createKeyResponse(env.adminToken(), tenantId, "k6"), HttpStatus.CONFLICT);
        assertThat(sixth.get("message").asText()).contains("5 active API keys", "plan Startup allows at most 5");

        // Revoked keys do not count against the limit.
        assertThat(delete(env.adminToken(), tenantId, keyIds.get(0)).status()).isEqualTo(HttpStatus.NO_CONTENT);
        createKey(env.adminToken(), tenantId, "k6");
        error(createKeyResponse(env.adminToken(), tenantId, "k7"), HttpStatus.CONFLICT);
        assertThat(listKeys(env.adminToken(), tenantId)).hasSize(6);
    }

    @Test
    void tenConcurrentCreationsOnAStartupTenantYieldExactlyFiveKeys() throws Exception {
        String tenantId = newTenant("startup");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AggregatedHttpResponse>> responses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String name = "race-" + i;
                responses.add(pool.submit(() -> {
                    start.await();
                    return createKeyResponse(env.adminToken(), tenantId, name);
                }));
            }
            start.countDown();
            int created = 0;
            int refused = 0;
            for (Future<AggregatedHttpResponse> response : responses) {
                HttpStatus status = response.get().status();
                if (status.equals(HttpStatus.CREATED)) {
                    created++;
                } else if (status.equals(HttpStatus.CONFLICT)) {
                    refused++;
                } else {
                    throw new AssertionError("unexpected " + status + ": " + response.get().contentUtf8());
                }
            }
            assertThat(created).isEqualTo(5);
            assertThat(refused).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
        assertThat(listKeys(env.adminToken(), tenantId)).hasSize(5)
                .allSatisfy(key -> assertThat(key.get("revoked_at").isNull()).isTrue());
    }

    @Test
    void theListShowsEveryKeyButNeverItsSecretOrHash() {
        String tenantId = newTenant("startup");
        JsonNode first = createKey(env.adminToken(), tenantId, "first");
        JsonNode second = createKey(env.adminToken(), tenantId, "second");

        AggregatedHttpResponse response = get(first.get("key").asText(), "/api/tenants/" + tenantId + "/keys");
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        JsonNode body = json(response);
        assertThat(body.get("object").asText()).isEqualTo("list");
        List<JsonNode> keys = new ArrayList<>();
        body.get("data").forEach(keys::add);

        assertThat(keys).extracting(key -> key.get("id").asText())
                .containsExactly(first.get("id").asText(), second.get("id").asText());
        assertThat(keys).extracting(key -> key.get("name").asText()).containsExactly("first", "second");
        assertThat(keys.get(0).get("prefix").asText()).isEqualTo(first.get("prefix").asText());
        assertThat(keys.get(0).get("created_at").asText()).isEqualTo(first.get("created_at").asText());
        for (JsonNode key : keys) {
            Set<String> fields = new HashSet<>();
            key.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(LISTED_FIELDS);
        }
        for (JsonNode issued : List.of(first, second)) {
            String secret = issued.get("key").asText();
            assertThat(response.contentUtf8()).doesNotContain(secret, secret.substring(12), ApiKeys.hash(secret));
        }
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndTheListShowsWhen() {
        String tenantId = newTenant("startup");
        JsonNode doomed = createKey(env.adminToken(), tenantId, "doomed");
        JsonNode survivor = createKey(env.adminToken(), tenantId, "survivor");
        String body = chatBody("gpt-4o-mini", "s", "Am I still allowed in? " + UUID.randomUUID());
        // The first call puts the key in the authentication cache, which revocation must not outlive.
        assertThat(env.chat(doomed.get("key").asText(), body).status()).isEqualTo(HttpStatus.OK);
        Instant beforeRevocation = Instant.now();

        assertThat(delete(survivor.get("key").asText(), tenantId, doomed.get("id").asText()).status())
                .isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode refused = error(env.chat(doomed.get("key").asText(), body), HttpStatus.UNAUTHORIZED);
        assertThat(refused.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(env.chat(survivor.get("key").asText(), body).status()).isEqualTo(HttpStatus.OK);
        JsonNode listed = keyById(tenantId, doomed.get("id").asText());
        String revokedAt = listed.get("revoked_at").asText();
        assertThat(Instant.parse(revokedAt)).isAfterOrEqualTo(beforeRevocation.minusSeconds(1));
        assertThat(keyById(tenantId, survivor.get("id").asText()).get("revoked_at").isNull()).isTrue();

        // Revoking again changes nothing and still succeeds.
        assertThat(delete(env.adminToken(), tenantId, doomed.get("id").asText()).status())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(keyById(tenantId, doomed.get("id").asText()).get("revoked_at").asText()).isEqualTo(revokedAt);
        JsonNode unknownKey = error(delete(env.adminToken(), tenantId, "no-such-key"), HttpStatus.NOT_FOUND);
        assertThat(unknownKey.get("code").asText()).isEqualTo("api_key_not_found");
    }

    @Test
    void lastUsedAtAppearsAfterTheKeyIsUsed() throws InterruptedException {
        String tenantId = newTenant("startup");
        JsonNode key = createKey(env.adminToken(), tenantId, "used");
        JsonNode idle = createKey(env.adminToken(), tenantId, "idle");
        assertThat(keyById(tenantId, key.get("id").asText()).get("last_used_at").isNull()).isTrue();

        assertThat(env.chat(key.get("key").asText(), chatBody("gpt-4o-mini", "s", "note my use " + UUID.randomUUID()))
                .status()).isEqualTo(HttpStatus.OK);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode listed = keyById(tenantId, key.get("id").asText());
        while (listed.get("last_used_at").isNull() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            listed = keyById(tenantId, key.get("id").asText());
        }
        assertThat(listed.get("last_used_at").isNull()).as("last_used_at within 20 s").isFalse();
        assertThat(Instant.parse(listed.get("last_used_at").asText()))
                .isAfterOrEqualTo(Instant.parse(key.get("created_at").asText()));
        assertThat(keyById(tenantId, idle.get("id").asText()).get("last_used_at").isNull()).isTrue();
    }

    @Test
    void aTenantKeyCannotSeeOrTouchAnotherTenantsKeys() {
        String mine = newTenant("startup");
        String myKey = createKey(env.adminToken(), mine, "mine").get("key").asText();
        String theirs = newTenant("startup");
        JsonNode theirKey = createKey(env.adminToken(), theirs, "theirs");
        String nowhere = "no-such-tenant-" + UUID.randomUUID();

        for (String target : List.of(theirs, nowhere)) {
            String path = "/api/tenants/" + target + "/keys";
            JsonNode list = error(get(myKey, path), HttpStatus.NOT_FOUND);
            JsonNode revoke = error(delete(myKey, target, theirKey.get("id").asText()), HttpStatus.NOT_FOUND);
            JsonNode create = error(createKeyResponse(myKey, target, "planted"), HttpStatus.NOT_FOUND);
            // Another tenant's id answers exactly as an unknown one: existence is never revealed.
            for (JsonNode refused : List.of(list, revoke, create)) {
                assertThat(refused.get("code").asText()).isEqualTo("tenant_not_found");
                assertThat(refused.get("message").asText()).isEqualTo("No tenant with id '" + target + "'.");
            }
        }

        assertThat(listKeys(env.adminToken(), theirs)).hasSize(1)
                .allSatisfy(key -> assertThat(key.get("revoked_at").isNull()).isTrue());
        assertThat(env.chat(theirKey.get("key").asText(), chatBody("gpt-4o-mini", "s", "still mine?")).status())
                .isEqualTo(HttpStatus.OK);
        // The tenant's own keys remain manageable with its key.
        assertThat(get(myKey, "/api/tenants/" + mine + "/keys").status()).isEqualTo(HttpStatus.OK);
        assertThat(createKeyResponse(myKey, mine, "self-service").status()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void theAdminGets404ForAnUnknownTenant() {
        String nowhere = "no-such-tenant-" + UUID.randomUUID();
        for (AggregatedHttpResponse response : List.of(get(env.adminToken(), "/api/tenants/" + nowhere + "/keys"),
                delete(env.adminToken(), nowhere, "some-key"),
                createKeyResponse(env.adminToken(), nowhere, "k"))) {
            assertThat(error(response, HttpStatus.NOT_FOUND).get("code").asText()).isEqualTo("tenant_not_found");
        }
    }

    @Test
    void anUnknownPlanIs400NamingTheValidPlans() {
        JsonNode refused = error(post(env.client(), "/api/tenants", env.adminToken(),
                "{\"name\":\"gilded\",\"plan\":\"gold\"}"), HttpStatus.BAD_REQUEST);

        assertThat(refused.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(refused.get("param").asText()).isEqualTo("plan");
        assertThat(refused.get("message").asText())
                .contains("'gold'", "free, startup, business, enterprise");
        JsonNode defaulted = json(post(env.client(), "/api/tenants", env.adminToken(), "{\"name\":\"plain\"}",
                HttpStatus.CREATED));
        assertThat(defaulted.get("plan").asText()).isEqualTo("free");
    }

    private static String newTenant(String plan) {
        return json(post(env.client(), "/api/tenants", env.adminToken(),
                "{\"name\":\"keys-it\",\"plan\":\"" + plan + "\"}", HttpStatus.CREATED)).get("id").asText();
    }

    private static JsonNode createKey(String bearer, String tenantId, String name) {
        AggregatedHttpResponse response = createKeyResponse(bearer, tenantId, name);
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.CREATED);
        return json(response);
    }

    private static AggregatedHttpResponse createKeyResponse(String bearer, String tenantId, String name) {
        return post(env.client(), "/api/tenants/" + tenantId + "/keys", bearer, "{\"name\":\"" + name + "\"}");
    }

    private static List<JsonNode> listKeys(String bearer, String tenantId) {
        AggregatedHttpResponse response = get(bearer, "/api/tenants/" + tenantId + "/keys");
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        List<JsonNode> keys = new ArrayList<>();
        json(response).get("data").forEach(keys::add);
        return keys;
    }

    private static JsonNode keyById(String tenantId, String keyId) {
        return listKeys(env.adminToken(), tenantId).stream()
                .filter(key -> key.get("id").asText().equals(keyId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("key " + keyId + " not listed"));
    }

    private static AggregatedHttpResponse get(String bearer, String path) {
        return env.client().execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.GET, path)
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer).build()));
    }

    private static AggregatedHttpResponse delete(String bearer, String tenantId, String keyId) {
        return env.client().execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.DELETE,
                        "/api/tenants/" + tenantId + "/keys/" + keyId)
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer).build()));
    }

    private static JsonNode error(AggregatedHttpResponse response, HttpStatus status) {
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(status);
        JsonNode error = json(response).get("error");
        assertThat(error).as(response.contentUtf8()).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
        return error;
    }
}
