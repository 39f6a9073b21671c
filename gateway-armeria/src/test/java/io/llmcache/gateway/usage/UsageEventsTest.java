package io.llmcache.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.ids.UuidV7Generator;
import io.llmcache.gateway.json.Json;
import io.llmcache.proto.v1.CacheResult;
import io.llmcache.proto.v1.UsageEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UsageEventsTest {

    private static final Instant NOW = Instant.parse("2025-05-01T10:00:00.123Z");
    private static final Caller.Tenant TENANT = new Caller.Tenant("tenant-1", "key-1");
    private static final RequestFacts FACTS = new RequestFacts("gpt-4o-mini", "openai", "docs", false);

    private final UsageEvents events = new UsageEvents(
            new UuidV7Generator(Clock.fixed(NOW, ZoneOffset.UTC), new SplittableRandom(5)),
            PriceTable.load("prices/v1.json", new Json().mapper()));

    @Test
    void aMissPaysTheUpstream() {
        UsageEvent event = events.build(TENANT, "chat.completions", NOW, FACTS,
                new ChatOutcome(CacheResult.CACHE_RESULT_MISS, 0f, 1_000, 500, "", 42), 200, 57, "req-1");

        assertThat(event.getSchemaVersion()).isEqualTo(1);
        assertThat(event.getEventId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(event.getTime().getSeconds()).isEqualTo(NOW.getEpochSecond());
        assertThat(event.getTime().getNanos()).isEqualTo(123_000_000);
        assertThat(event.getTenantId()).isEqualTo("tenant-1");
        assertThat(event.getApiKeyId()).isEqualTo("key-1");
        assertThat(event.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(event.getProvider()).isEqualTo("openai");
        assertThat(event.getNamespace()).isEqualTo("docs");
        assertThat(event.getResult()).isEqualTo(CacheResult.CACHE_RESULT_MISS);
        assertThat(event.getPromptTokens()).isEqualTo(1_000);
        assertThat(event.getCompletionTokens()).isEqualTo(500);
        assertThat(event.getUpstreamCostMicros()).isEqualTo(450);
        assertThat(event.getSavedCostMicros()).isZero();
        assertThat(event.getLatencyMs()).isEqualTo(57);
        assertThat(event.getUpstreamLatencyMs()).isEqualTo(42);
        assertThat(event.getStatus()).isEqualTo(200);
        assertThat(event.getRequestId()).isEqualTo("req-1");
        assertThat(event.getEndpoint()).isEqualTo("chat.completions");
    }

    @Test
    void aHitSavesWhatTheEntryCost() {
        UsageEvent event = events.build(TENANT, "chat.completions", NOW, FACTS,
                new ChatOutcome(CacheResult.CACHE_RESULT_SEMANTIC, 0.97f, 1_000, 500, "entry-9", 0), 200, 3, "req-2");

        assertThat(event.getResult()).isEqualTo(CacheResult.CACHE_RESULT_SEMANTIC);
        assertThat(event.getSimilarity()).isEqualTo(0.97f);
        assertThat(event.getEntryId()).isEqualTo("entry-9");
        assertThat(event.getSavedCostMicros()).isEqualTo(450);
        assertThat(event.getUpstreamCostMicros()).isZero();
    }

    @Test
    void failuresAreErrorsWithoutTokens() {
        UsageEvent malformed = events.build(TENANT, "chat.completions", NOW, null, null, 400, 1, "req-3");
        UsageEvent upstreamFailed = events.build(TENANT, "chat.completions", NOW, FACTS, null, 500, 9, "req-4");

        assertThat(malformed.getResult()).isEqualTo(CacheResult.CACHE_RESULT_ERROR);
        assertThat(malformed.getModel()).isEmpty();
        assertThat(malformed.getStatus()).isEqualTo(400);
        assertThat(upstreamFailed.getResult()).isEqualTo(CacheResult.CACHE_RESULT_ERROR);
        assertThat(upstreamFailed.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(upstreamFailed.getPromptTokens() + upstreamFailed.getUpstreamCostMicros()).isZero();
        assertThat(malformed.getEventId()).isLessThan(upstreamFailed.getEventId());
    }
}
