package io.llmcache.gateway.cachekey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcache.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestCanonicalizerTest {

    private static final String BASE = """
            {"model":"gpt-4o-mini","temperature":0.7,"messages":[
              {"role":"system","content":"You are terse."},
              {"role":"user","content":"What is the capital of France?"}]}""";

    private final Json json = new Json();
    private final RequestCanonicalizer canonicalizer = new RequestCanonicalizer();

    private CacheKeys keys(String body) {
        return keys("tenant-a", "", body);
    }

    private CacheKeys keys(String tenant, String namespace, String body) {
        ObjectNode request = json.readObject(body.getBytes(StandardCharsets.UTF_8));
        return canonicalizer.keys(tenant, namespace, request.get("model").asText(), request);
    }

    @Test
    void fieldOrderAndWhitespaceDoNotChangeTheKey() {
        String reordered = """
                {  "messages" : [ { "content":"You are terse.", "role":"system" },
                                  {"content":"What is the capital of France?","role":"user"} ],
                   "temperature":0.7,
                   "model":"gpt-4o-mini" }""";
        assertThat(keys(reordered)).isEqualTo(keys(BASE));
    }

    @Test
    void equalNumbersInAnyNotationGiveTheSameKey() {
        String one = BASE.replace("0.7", "1");
        assertThat(keys(BASE.replace("0.7", "1.0")).exactKey()).isEqualTo(keys(one).exactKey());
        assertThat(keys(BASE.replace("0.7", "1e0")).exactKey()).isEqualTo(keys(one).exactKey());
        assertThat(keys(BASE.replace("0.7", "0.70")).exactKey()).isEqualTo(keys(BASE).exactKey());
    }

    @Test
    void deliveryAndAttributionFieldsDoNotChangeTheKey() {
        String withExtras = BASE.replace("\"temperature\"",
                "\"stream\":false,\"stream_options\":{\"include_usage\":true},\"user\":\"u-42\",\"temperature\"");
        assertThat(keys(withExtras)).isEqualTo(keys(BASE));
    }

    @Test
    void everythingThatChangesTheAnswerChangesTheKey() {
        String base = keys(BASE).exactKey();
        assertThat(keys(BASE.replace("gpt-4o-mini", "gpt-4o")).exactKey()).isNotEqualTo(base);
        assertThat(keys(BASE.replace("You are terse.", "You are verbose.")).exactKey()).isNotEqualTo(base);
        assertThat(keys(BASE.replace("0.7", "0.2")).exactKey()).isNotEqualTo(base);
        assertThat(keys(BASE.replace("\"temperature\"",
                "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}],\"temperature\"")).exactKey())
                .isNotEqualTo(base);
        assertThat(keys(BASE.replace("\"temperature\"", "\"some_future_param\":3,\"temperature\"")).exactKey())
                .as("unknown fields are part of the key").isNotEqualTo(base);
        assertThat(keys("tenant-a", "docs", BASE).exactKey()).as("namespace").isNotEqualTo(base);
        assertThat(keys("tenant-b", "", BASE).exactKey()).as("tenant").isNotEqualTo(base);
    }

    @Test
    void fingerprintExcludesOnlyTheLastUserMessageText() {
        CacheKeys france = keys(BASE);
        CacheKeys paraphrase = keys(BASE.replace("What is the capital of France?", "What's the capital of France?"));

        assertThat(france.semanticText()).isEqualTo("What is the capital of France?");
        assertThat(paraphrase.exactKey()).isNotEqualTo(france.exactKey());
        assertThat(paraphrase.contextFingerprint()).isEqualTo(france.contextFingerprint()).isNotEmpty();
        assertThat(france.contextFingerprint()).isNotEqualTo(france.exactKey());

        assertThat(keys(BASE.replace("You are terse.", "You are a pirate.")).contextFingerprint())
                .isNotEqualTo(france.contextFingerprint());
        assertThat(keys(BASE.replace("gpt-4o-mini", "gpt-4o")).contextFingerprint())
                .isNotEqualTo(france.contextFingerprint());
        assertThat(keys("tenant-b", "", BASE).contextFingerprint()).isNotEqualTo(france.contextFingerprint());
    }

    @Test
    void textPartsAreJoinedIntoTheSemanticText() {
        CacheKeys parts = keys("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"Hello"},{"type":"text","text":"world"}]}]}""");
        assertThat(parts.semanticText()).isEqualTo("Hello\nworld");
        assertThat(parts.hasSemanticKey()).isTrue();
    }

    @Test
    void requestsNotEndingWithAUserTextHaveNoSemanticKey() {
        CacheKeys assistantLast = keys("""
                {"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""");
        CacheKeys image = keys("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""");

        assertThat(assistantLast.hasSemanticKey()).isFalse();
        assertThat(assistantLast.semanticText()).isEmpty();
        assertThat(image.hasSemanticKey()).isFalse();
        assertThat(image.exactKey()).hasSize(64);
    }

    @Test
    void canonicalFormIsSortedCompactAndNormalised() {
        ObjectNode node = json.readObject("{ \"b\": [1.50, 2e1, -0.0], \"a\": {\"y\": true, \"x\": null} }"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(new String(CanonicalJson.bytes(node), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":{\"x\":null,\"y\":true},\"b\":[1.5,2E+1,0]}");
    }
}
