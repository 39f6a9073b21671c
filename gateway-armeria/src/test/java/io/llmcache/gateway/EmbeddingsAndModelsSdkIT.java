package io.llmcache.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.llmcache.gateway.usage.ModelPrice;
import io.llmcache.proto.v1.CacheResult;
import io.llmcache.proto.v1.CacheScope;
import io.llmcache.proto.v1.CacheServiceGrpc;
import io.llmcache.proto.v1.StatsRequest;
import io.llmcache.proto.v1.UsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /v1/embeddings} and {@code GET /v1/models} driven by the official OpenAI Java SDK, with
 * nothing changed but the base URL and the key.
 */
class EmbeddingsAndModelsSdkIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static final String MODEL = "text-embedding-3-small";
    private static CacheServiceGrpc.CacheServiceBlockingStub cacheServer;

    private IntegrationEnvironment.TestTenant tenant;
    private OpenAIClient openai;

    @BeforeAll
    static void connectToTheCacheServer() {
        cacheServer = GrpcClients.builder("http://" + env.gatewayEnv().get("LLMCACHE_CACHE_ADDRESS"))
                .build(CacheServiceGrpc.CacheServiceBlockingStub.class);
    }

    @BeforeEach
    void newTenantAndClient() {
        tenant = env.newTenant("embeddings-sdk-it");
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(env.client().uri() + "/v1")
                .apiKey(tenant.key())
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterEach
    void closeClient() {
        openai.close();
    }

    /** Waits until the tenant (fresh for each test) holds this many entries: the background stores landed. */
    private void awaitEntries(long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        StatsRequest request = StatsRequest.newBuilder()
                .setScope(CacheScope.newBuilder().setTenantId(tenant.tenantId())).build();
        while (cacheServer.stats(request).getEntries() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tenant " + tenant.tenantId() + " has fewer than " + count + " entries");
            }
            Thread.sleep(50);
        }
    }

    private static String header(HttpResponseFor<?> response, String name) {
        List<String> values = response.headers().values(name);
        assertThat(values).as(name).hasSize(1);
        return values.get(0);
    }

    private static List<List<Float>> vectors(CreateEmbeddingResponse response) {
        return response.data().stream().map(Embedding::embedding).toList();
    }

    @Test
    void embeddingsAreAMissThenAnExactHitWithIdenticalVectorsThatNeverReachesTheUpstream() throws Exception {
        // The SDK asks for base64 unless told otherwise, and decodes it into floats.
        EmbeddingCreateParams params = EmbeddingCreateParams.builder()
                .model(MODEL)
                .inputOfArrayOfStrings(List.of("Fjords of western Norway", "Glaciers of Iceland"))
                .build();

        HttpResponseFor<CreateEmbeddingResponse> miss = openai.embeddings().withRawResponse().create(params);
        assertThat(header(miss, "x-llmcache")).isEqualTo("MISS");
        CreateEmbeddingResponse fresh = miss.parse();
        awaitEntries(1);
        long before = env.sim().embeddingsRequests();
        HttpResponseFor<CreateEmbeddingResponse> hit = openai.embeddings().withRawResponse().create(params);

        assertThat(header(hit, "x-llmcache")).isEqualTo("HIT");
        assertThat(header(hit, "x-llmcache-match")).isEqualTo("exact");
        assertThat(header(hit, "x-llmcache-entry")).isNotBlank();
        CreateEmbeddingResponse cached = hit.parse();
        assertThat(vectors(fresh)).hasSize(2).allSatisfy(vector -> assertThat(vector).hasSize(1536));
        assertThat(vectors(cached)).isEqualTo(vectors(fresh));
        assertThat(vectors(fresh).get(0)).isNotEqualTo(vectors(fresh).get(1));
        assertThat(cached.usage().promptTokens()).isEqualTo(fresh.usage().promptTokens()).isPositive();
        assertThat(env.sim().embeddingsRequests()).isEqualTo(before);
    }

    @Test
    void dimensionsAndTheEncodingFormatAreHonouredAndPartOfTheKey() throws Exception {
        EmbeddingCreateParams floats = EmbeddingCreateParams.builder()
                .model(MODEL)
                .input("Northern lights over Tromsø")
                .dimensions(64)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                .build();
        EmbeddingCreateParams base64 = floats.toBuilder()
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build();

        HttpResponseFor<CreateEmbeddingResponse> first = openai.embeddings().withRawResponse().create(floats);
        awaitEntries(1);
        HttpResponseFor<CreateEmbeddingResponse> otherFormat = openai.embeddings().withRawResponse().create(base64);

        assertThat(header(first, "x-llmcache")).isEqualTo("MISS");
        assertThat(header(otherFormat, "x-llmcache")).as("another body shape is another entry").isEqualTo("MISS");
        List<Float> vector = vectors(first.parse()).get(0);
        assertThat(vector).hasSize(64);
        assertThat(vectors(otherFormat.parse()).get(0)).isEqualTo(vector);
    }

    @Test
    void theModelListIsTheUpstreamsInOpenAisShape() {
        List<Model> models = openai.models().list().data();

        assertThat(models).extracting(Model::id).contains("sim-1");
        assertThat(models).allSatisfy(model -> assertThat(model.ownedBy()).isNotBlank());
    }

    @Test
    void everyEmbeddingsRequestEmitsOneUsageEventPricedFromThePriceTable() throws Exception {
        UsageEventReader usageEvents = UsageEventReader.fromNow(env);
        // Enough words that the tiny embedding price still rounds to whole micro-dollars.
        String text = "word ".repeat(200).trim();
        EmbeddingCreateParams params = EmbeddingCreateParams.builder().model(MODEL).input(text).build();

        HttpResponseFor<CreateEmbeddingResponse> miss = openai.embeddings().withRawResponse().create(params);
        long promptTokens = miss.parse().usage().promptTokens();
        awaitEntries(1);
        HttpResponseFor<CreateEmbeddingResponse> hit = openai.embeddings().withRawResponse().create(params);
        assertThat(header(hit, "x-llmcache")).isEqualTo("HIT");

        List<UsageEvent> events = usageEvents.tenantEvents(tenant.tenantId(), 2);
        assertThat(events).hasSize(2).allSatisfy(event -> {
            assertThat(event.getEndpoint()).isEqualTo("embeddings");
            assertThat(event.getModel()).isEqualTo(MODEL);
            assertThat(event.getStatus()).isEqualTo(200);
            assertThat(event.getPromptTokens()).isEqualTo(promptTokens);
            assertThat(event.getCompletionTokens()).isZero();
        });
        long expectedCost = new ModelPrice(new BigDecimal("0.02"), BigDecimal.ZERO).costMicros(promptTokens, 0);
        assertThat(expectedCost).isPositive();
        UsageEvent missEvent = UsageEventReader.byRequestId(events, header(miss, "x-request-id"));
        UsageEvent hitEvent = UsageEventReader.byRequestId(events, header(hit, "x-request-id"));
        assertThat(missEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_MISS);
        assertThat(missEvent.getUpstreamCostMicros()).isEqualTo(expectedCost);
        assertThat(hitEvent.getResult()).isEqualTo(CacheResult.CACHE_RESULT_EXACT);
        assertThat(hitEvent.getSavedCostMicros()).isEqualTo(expectedCost);
        assertThat(hitEvent.getUpstreamCostMicros()).isZero();
        assertThat(hitEvent.getEntryId()).isEqualTo(header(hit, "x-llmcache-entry"));
    }
}
