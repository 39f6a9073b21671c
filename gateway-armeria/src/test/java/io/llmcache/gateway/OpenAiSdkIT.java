package io.llmcache.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmcache.proto.v1.CacheScope;
import io.llmcache.proto.v1.CacheServiceGrpc;
import io.llmcache.proto.v1.StatsRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI Java SDK pointed at the gateway, with nothing changed but the base URL and the key:
 * non-streaming and streaming, miss then hit, tool calls, cross-serving and typed errors.
 */
class OpenAiSdkIT {

    @RegisterExtension
    static final IntegrationEnvironment env = new IntegrationEnvironment();

    private static final String MODEL = "gpt-4o-mini";
    private static final String SYSTEM = "You are a concise assistant for a travel agency.";
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
        tenant = env.newTenant("sdk-it");
        openai = client(tenant.key());
    }

    @AfterEach
    void closeClient() {
        openai.close();
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(env.client().uri() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
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

    private static ChatCompletionCreateParams question(String text) {
        return ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addSystemMessage(SYSTEM)
                .addUserMessage(text)
                .build();
    }

    private static ChatCompletionCreateParams withUsage(ChatCompletionCreateParams params) {
        return params.toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
    }

    private static String cacheHeader(HttpResponseFor<?> response) {
        List<String> values = response.headers().values("x-llmcache");
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    /** A streamed answer as the SDK's own accumulator assembles it, with the x-llmcache header. */
    private record Streamed(String cache, ChatCompletion completion, int chunks) {
    }

    private Streamed stream(ChatCompletionCreateParams params) {
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
                openai.chat().completions().withRawResponse().createStreaming(params);
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        int[] chunks = {0};
        try (StreamResponse<ChatCompletionChunk> stream = response.parse()) {
            stream.stream().forEach(chunk -> {
                chunks[0]++;
                accumulator.accumulate(chunk);
            });
        }
        return new Streamed(cacheHeader(response), accumulator.chatCompletion(), chunks[0]);
    }

    private static String content(ChatCompletion completion) {
        return completion.choices().get(0).message().content().orElse("");
    }

    private static ChatCompletion.Choice.FinishReason finishReason(ChatCompletion completion) {
        return completion.choices().get(0).finishReason();
    }

    @Test
    void aNonStreamingQuestionIsAMissThenAHit() throws Exception {
        ChatCompletionCreateParams params = question("Which city is called the Venice of the North?");

        HttpResponseFor<ChatCompletion> miss = openai.chat().completions().withRawResponse().create(params);
        assertThat(cacheHeader(miss)).isEqualTo("MISS");
        ChatCompletion fresh = miss.parse();
        awaitEntries(1);
        long before = env.sim().chatRequests();
        HttpResponseFor<ChatCompletion> hit = openai.chat().completions().withRawResponse().create(params);

        assertThat(cacheHeader(hit)).isEqualTo("HIT");
        ChatCompletion cached = hit.parse();
        assertThat(content(fresh)).startsWith("[sim ");
        assertThat(content(cached)).isEqualTo(content(fresh));
        assertThat(finishReason(cached)).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(cached.usage().orElseThrow().promptTokens()).isEqualTo(fresh.usage().orElseThrow().promptTokens());
        assertThat(env.sim().chatRequests()).isEqualTo(before);
    }

    @Test
    void aStreamedHitYieldsExactlyTheTextAndFinishReasonOfTheStreamedMiss() throws Exception {
        ChatCompletionCreateParams params = question("Name three fjords worth a visit.");

        Streamed miss = stream(params);
        awaitEntries(1);
        long before = env.sim().chatRequests();
        Streamed hit = stream(params);

        assertThat(miss.cache()).isEqualTo("MISS");
        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(miss.chunks()).as("the answer arrived in several chunks").isGreaterThan(3);
        assertThat(content(miss.completion())).startsWith("[sim ");
        assertThat(content(hit.completion())).isEqualTo(content(miss.completion()));
        assertThat(finishReason(hit.completion())).isEqualTo(finishReason(miss.completion()))
                .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(miss.completion().usage()).as("usage was not asked for").isEmpty();
        assertThat(hit.completion().usage()).isEmpty();
        assertThat(env.sim().chatRequests()).isEqualTo(before);
    }

    @Test
    void aStreamedToolCallHitYieldsTheSameCallAsTheMiss() throws Exception {
        ChatCompletionCreateParams params = question("Please call get_weather for Bergen tomorrow.").toBuilder()
                .addFunctionTool(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Weather forecast for a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                        "query", Map.of("type", "string"))))
                                .build())
                        .build())
                .build();

        Streamed miss = stream(params);
        awaitEntries(1);
        Streamed hit = stream(params);

        assertThat(hit.cache()).isEqualTo("HIT");
        ChatCompletionMessageFunctionToolCall missCall = toolCall(miss.completion());
        ChatCompletionMessageFunctionToolCall hitCall = toolCall(hit.completion());
        assertThat(missCall.function().name()).isEqualTo("get_weather");
        assertThat(missCall.function().arguments()).contains("Bergen");
        assertThat(hitCall.id()).isEqualTo(missCall.id());
        assertThat(hitCall.function().name()).isEqualTo(missCall.function().name());
        assertThat(hitCall.function().arguments()).isEqualTo(missCall.function().arguments());
        assertThat(finishReason(miss.completion())).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(finishReason(hit.completion())).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    private static ChatCompletionMessageFunctionToolCall toolCall(ChatCompletion completion) {
        return completion.choices().get(0).message().toolCalls().orElseThrow().get(0).function().orElseThrow();
    }

    @Test
    void aStoredNonStreamingAnswerServesAStreamingRequestWithUsage() throws Exception {
        ChatCompletionCreateParams params = question("What is the capital of Iceland?");
        ChatCompletion fresh = openai.chat().completions().create(params);
        awaitEntries(1);

        Streamed hit = stream(withUsage(params));

        assertThat(hit.cache()).isEqualTo("HIT");
        assertThat(content(hit.completion())).isEqualTo(content(fresh));
        assertThat(finishReason(hit.completion())).isEqualTo(finishReason(fresh));
        assertThat(hit.completion().usage().orElseThrow().completionTokens())
                .isEqualTo(fresh.usage().orElseThrow().completionTokens());
    }

    @Test
    void aStoredStreamServesANonStreamingRequest() throws Exception {
        ChatCompletionCreateParams params = question("When is the best season to see the northern lights?");
        Streamed streamed = stream(params);
        awaitEntries(1);

        HttpResponseFor<ChatCompletion> hit = openai.chat().completions().withRawResponse().create(params);

        assertThat(cacheHeader(hit)).isEqualTo("HIT");
        ChatCompletion cached = hit.parse();
        assertThat(content(cached)).isEqualTo(content(streamed.completion()));
        assertThat(finishReason(cached)).isEqualTo(finishReason(streamed.completion()));
        assertThat(cached.id()).isEqualTo(streamed.completion().id());
        // The gateway always meters streams, so the stored stream carries the usage a non-streaming answer has.
        assertThat(cached.usage().orElseThrow().promptTokens()).isPositive();
    }

    @Test
    void badInputSurfacesAsTheSdksTypedExceptions() {
        OpenAIClient wrongKey = client("lc_deadbeef_notarealkey");
        try {
            assertThatThrownBy(() -> wrongKey.chat().completions().create(question("Hello?")))
                    .isInstanceOfSatisfying(UnauthorizedException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(401));
            assertThatThrownBy(() -> wrongKey.chat().completions().createStreaming(question("Hello?")).stream()
                    .count())
                    .isInstanceOf(UnauthorizedException.class);
        } finally {
            wrongKey.close();
        }
        ChatCompletionCreateParams noMessages = ChatCompletionCreateParams.builder()
                .model(MODEL).messages(List.of()).build();
        assertThatThrownBy(() -> openai.chat().completions().create(noMessages))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).hasValue("messages");
                });
        assertThatThrownBy(() -> openai.chat().completions().createStreaming(noMessages).stream().count())
                .isInstanceOf(BadRequestException.class);
    }
}
