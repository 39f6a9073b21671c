package io.llmcache.gateway;

import static io.llmcache.gateway.IntegrationEnvironment.chatBody;
import static io.llmcache.gateway.IntegrationEnvironment.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache path end to end: gateway → real cache server (Redis, PostgreSQL) → simulated upstream. */
class ChatCompletionsIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static final String SYSTEM = "You answer geography questions in one sentence.";
    private static IntegrationEnvironment.TestTenant tenant;

    @BeforeAll
    static void createTenant() {
        tenant = env.newTenant("chat-it");
    }

    /** Sends the question, checks it was a fresh answer, and waits until it is stored. */
    private static AggregatedHttpResponse missAndStore(String body) throws InterruptedException {
        long before = env.sim().chatRequests();
        AggregatedHttpResponse response = env.chat(tenant.key(), body);
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(response.headers().get("x-llmcache")).isEqualTo("MISS");
        assertThat(env.sim().chatRequests()).isEqualTo(before + 1);
        env.awaitStored(tenant.tenantId(), body);
        return response;
    }

    private static String simHash(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    @Test
    void theSameQuestionTwiceIsAMissThenAnExactHitThatNeverReachesTheUpstream() throws Exception {
        String body = chatBody("gpt-4o-mini", SYSTEM, "What is the tallest mountain in Japan?");
        AggregatedHttpResponse miss = missAndStore(body);
        assertThat(json(miss).at("/choices/0/message/content").asText())
                .startsWith("[sim " + simHash("What is the tallest mountain in Japan?") + "]");
        assertThat(miss.headers().get("x-request-id")).isNotBlank();

        long before = env.sim().chatRequests();
        AggregatedHttpResponse hit = env.chat(tenant.key(), body);

        assertThat(hit.status()).isEqualTo(HttpStatus.OK);
        assertThat(hit.headers().get("x-llmcache")).isEqualTo("HIT");
        assertThat(hit.headers().get("x-llmcache-match")).isEqualTo("exact");
        assertThat(hit.headers().get("x-llmcache-entry")).isNotBlank();
        assertThat(Double.parseDouble(hit.headers().get("x-llmcache-similarity"))).isEqualTo(1.0);
        assertThat(hit.contentUtf8()).isEqualTo(miss.contentUtf8());
        assertThat(hit.contentType().isJson()).isTrue();
        assertThat(env.sim().chatRequests()).as("a hit never reaches the upstream").isEqualTo(before);
    }

    @Test
    void aParaphraseIsASemanticHitWithItsSimilarity() throws Exception {
        AggregatedHttpResponse original = missAndStore(chatBody("gpt-4o-mini", SYSTEM, "What is the capital of France?"));

        long before = env.sim().chatRequests();
        AggregatedHttpResponse paraphrase = env.chat(tenant.key(),
                chatBody("gpt-4o-mini", SYSTEM, "What's the capital of France?"));

        assertThat(paraphrase.status()).isEqualTo(HttpStatus.OK);
        assertThat(paraphrase.headers().get("x-llmcache")).isEqualTo("HIT");
        assertThat(paraphrase.headers().get("x-llmcache-match")).isEqualTo("semantic");
        assertThat(Double.parseDouble(paraphrase.headers().get("x-llmcache-similarity"))).isBetween(0.5, 1.0);
        assertThat(paraphrase.contentUtf8()).isEqualTo(original.contentUtf8());
        assertThat(env.sim().chatRequests()).isEqualTo(before);
    }

    @Test
    void anotherSystemPromptModelOrTenantIsAMiss() throws Exception {
        String question = "Which river flows through Vienna?";
        missAndStore(chatBody("gpt-4o-mini", SYSTEM, question));
        IntegrationEnvironment.TestTenant otherTenant = env.newTenant("chat-it-other");

        long before = env.sim().chatRequests();
        AggregatedHttpResponse otherSystem = env.chat(tenant.key(),
                chatBody("gpt-4o-mini", "You are a pirate. Answer like one.", question));
        AggregatedHttpResponse otherModel = env.chat(tenant.key(), chatBody("gpt-4o", SYSTEM, question));
        AggregatedHttpResponse otherTenantsKey = env.chat(otherTenant.key(), chatBody("gpt-4o-mini", SYSTEM, question));

        assertThat(otherSystem.headers().get("x-llmcache")).isEqualTo("MISS");
        assertThat(otherModel.headers().get("x-llmcache")).isEqualTo("MISS");
        assertThat(otherTenantsKey.headers().get("x-llmcache")).isEqualTo("MISS");
        assertThat(env.sim().chatRequests()).isEqualTo(before + 3);
    }

    @Test
    void anUpstreamErrorIsPassedThroughAndNotStored() throws Exception {
        String body = chatBody("gpt-4o-mini", SYSTEM, "How deep is Lake Baikal?");
        env.sim().failNext(500);

        AggregatedHttpResponse failed = env.chat(tenant.key(), body);

        assertThat(failed.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        JsonNode error = json(failed).get("error");
        assertThat(error.get("message").asText()).contains("Simulated upstream failure");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(failed.headers().get("x-request-id")).isNotBlank();

        // Give a wrongful background store time to land, then prove there is none.
        Thread.sleep(500);
        assertThat(env.isStored(tenant.tenantId(), body)).isFalse();
        AggregatedHttpResponse retry = env.chat(tenant.key(), body);
        assertThat(retry.status()).isEqualTo(HttpStatus.OK);
        assertThat(retry.headers().get("x-llmcache")).isEqualTo("MISS");
    }

    @Test
    void noCacheSkipsTheLookupButStillStoresAndNoStoreNeverStores() throws Exception {
        String stored = chatBody("gpt-4o-mini", SYSTEM, "What is the longest river in Africa?");
        AggregatedHttpResponse fresh = env.chat(tenant.key(), stored, "cache-control", "no-cache");
        assertThat(fresh.headers().get("x-llmcache")).isEqualTo("BYPASS");
        env.awaitStored(tenant.tenantId(), stored);
        assertThat(env.chat(tenant.key(), stored, "cache-control", "no-cache").headers().get("x-llmcache"))
                .isEqualTo("BYPASS");

        String unstored = chatBody("gpt-4o-mini", SYSTEM, "What is the largest desert in Asia?");
        assertThat(env.chat(tenant.key(), unstored, "cache-control", "no-store").headers().get("x-llmcache"))
                .isEqualTo("MISS");
        Thread.sleep(500);
        assertThat(env.isStored(tenant.tenantId(), unstored)).isFalse();
    }

    @Test
    void namespacesSeparateCacheSpaces() throws Exception {
        String body = chatBody("gpt-4o-mini", SYSTEM, "Name the capital of Peru.");
        missAndStore(body);
        AggregatedHttpResponse otherNamespace = env.chat(tenant.key(), body, "x-llmcache-namespace", "docs");
        assertThat(otherNamespace.headers().get("x-llmcache")).isEqualTo("MISS");
    }
}
