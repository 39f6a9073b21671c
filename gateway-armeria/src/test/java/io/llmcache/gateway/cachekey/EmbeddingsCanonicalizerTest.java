package io.llmcache.gateway.cachekey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcache.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddingsCanonicalizerTest {

    private static final Json JSON = new Json();
    private final EmbeddingsCanonicalizer canonicalizer = new EmbeddingsCanonicalizer();

    private static ObjectNode body(String json) {
        return JSON.readObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private String key(String json) {
        return canonicalizer.keys("tenant-a", "", "text-embedding-3-small", body(json)).exactKey();
    }

    @Test
    void fieldOrderWhitespaceNumberFormAndTheUserFieldNeverChangeTheKey() {
        String base = key("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"dimensions\":256}");

        assertThat(key("{ \"dimensions\": 256.0, \"input\": [\"a\", \"b\"], \"model\": \"text-embedding-3-small\" }"))
                .isEqualTo(base);
        assertThat(key("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"dimensions\":256,"
                + "\"user\":\"someone\"}")).isEqualTo(base);
        assertThat(base).matches("[0-9a-f]{64}");
    }

    @Test
    void everyOutputAffectingFieldChangesTheKey() {
        String base = key("{\"model\":\"m\",\"input\":\"hello\"}");

        assertThat(key("{\"model\":\"m\",\"input\":\"hello!\"}")).isNotEqualTo(base);
        assertThat(key("{\"model\":\"m\",\"input\":[\"hello\",\"world\"]}")).isNotEqualTo(base);
        assertThat(key("{\"model\":\"m\",\"input\":[[15339]]}")).isNotEqualTo(base);
        assertThat(key("{\"model\":\"m\",\"input\":\"hello\",\"encoding_format\":\"base64\"}")).isNotEqualTo(base);
        assertThat(key("{\"model\":\"m\",\"input\":\"hello\",\"dimensions\":64}")).isNotEqualTo(base);
        assertThat(key("{\"model\":\"m\",\"input\":\"hello\",\"new_provider_option\":true}")).isNotEqualTo(base);
    }

    @Test
    void theTenantNamespaceAndResolvedModelArePartOfTheKey() {
        ObjectNode request = body("{\"model\":\"m\",\"input\":\"hello\"}");
        String base = canonicalizer.keys("tenant-a", "", "m", request).exactKey();

        assertThat(canonicalizer.keys("tenant-b", "", "m", request).exactKey()).isNotEqualTo(base);
        assertThat(canonicalizer.keys("tenant-a", "docs", "m", request).exactKey()).isNotEqualTo(base);
        assertThat(canonicalizer.keys("tenant-a", "", "m-2024", request).exactKey()).isNotEqualTo(base);
    }

    @Test
    void anEmbeddingsKeyHasNoSemanticPartAndNeverEqualsAChatKeyOfTheSameBody() {
        // A chat body that is also a well-formed embeddings body: the endpoint marker keeps their keys apart.
        ObjectNode both = body("{\"model\":\"m\",\"input\":\"hello\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        CacheKeys embeddings = canonicalizer.keys("tenant-a", "", "m", both);
        CacheKeys chat = new RequestCanonicalizer().keys("tenant-a", "", "m", both);

        assertThat(embeddings.hasSemanticKey()).isFalse();
        assertThat(embeddings.semanticText()).isEmpty();
        assertThat(embeddings.exactKey()).isNotEqualTo(chat.exactKey());
    }

    @Test
    void theKeyDoesNotChangeTheRequest() {
        ObjectNode request = body("{\"model\":\"m\",\"input\":\"hello\",\"user\":\"u\"}");
        canonicalizer.keys("tenant-a", "", "m", request);
        assertThat(request.has("user")).isTrue();
    }
}
