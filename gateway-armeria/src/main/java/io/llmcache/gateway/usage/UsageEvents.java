package io.llmcache.gateway.usage;

import com.google.protobuf.Timestamp;
import com.linecorp.armeria.common.annotation.Nullable;
import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.ids.UuidV7Generator;
import io.llmcache.proto.v1.CacheResult;
import io.llmcache.proto.v1.UsageEvent;
import java.time.Instant;
import java.util.Objects;

/** Builds the one {@link UsageEvent} of a finished request, pricing its tokens. */
public final class UsageEvents {

    static final int SCHEMA_VERSION = 1;

    private final UuidV7Generator ids;
    private final PriceTable prices;

    public UsageEvents(UuidV7Generator ids, PriceTable prices) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /**
     * @param facts null when the request failed before it was understood (e.g. malformed JSON)
     * @param outcome null when the request failed; the event then says ERROR with no tokens
     */
    public UsageEvent build(Caller.Tenant caller, String endpoint, Instant receivedAt, @Nullable RequestFacts facts,
                            @Nullable ChatOutcome outcome, int status, long latencyMillis, String requestId) {
        UsageEvent.Builder event = UsageEvent.newBuilder()
                .setSchemaVersion(SCHEMA_VERSION)
                .setEventId(ids.nextString())
                .setTime(Timestamp.newBuilder()
                        .setSeconds(receivedAt.getEpochSecond())
                        .setNanos(receivedAt.getNano()))
                .setTenantId(caller.tenantId())
                .setApiKeyId(caller.apiKeyId())
                .setEndpoint(endpoint)
                .setStatus(status)
                .setLatencyMs(saturatedInt(latencyMillis))
                .setRequestId(requestId);
        if (facts != null) {
            event.setModel(facts.model())
                    .setProvider(facts.provider())
                    .setNamespace(facts.namespace())
                    .setStreaming(facts.streaming());
        }
        if (outcome == null || facts == null || status >= 400) {
            return event.setResult(CacheResult.CACHE_RESULT_ERROR).build();
        }
        long costMicros = prices.priceOf(facts.provider(), facts.model())
                .costMicros(outcome.promptTokens(), outcome.completionTokens());
        event.setResult(outcome.result())
                .setSimilarity(outcome.similarity())
                .setPromptTokens(outcome.promptTokens())
                .setCompletionTokens(outcome.completionTokens())
                .setEntryId(outcome.entryId())
                .setUpstreamLatencyMs(saturatedInt(outcome.upstreamLatencyMillis()));
        if (outcome.isHit()) {
            event.setSavedCostMicros(costMicros);
        } else {
            event.setUpstreamCostMicros(costMicros);
        }
        return event.build();
    }

    private static int saturatedInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
    }
}
