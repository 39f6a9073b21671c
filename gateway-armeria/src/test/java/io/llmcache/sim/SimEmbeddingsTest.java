package io.llmcache.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimEmbeddingsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static SimUpstream sim;
    private static BlockingWebClient client;

    @BeforeAll
    static void start() {
        sim = SimUpstream.start(new SimConfig(0, Duration.ZERO));
        client = WebClient.of("http://127.0.0.1:" + sim.port()).blocking();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static AggregatedHttpResponse embed(String body) {
        return client.execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/v1/embeddings")
                .contentType(MediaType.JSON_UTF_8).build(), HttpData.ofUtf8(body)));
    }

    private static JsonNode json(AggregatedHttpResponse response) throws Exception {
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        return MAPPER.readTree(response.contentUtf8());
    }

    private static double norm(JsonNode vector) {
        double sum = 0;
        for (JsonNode value : vector) {
            sum += value.asDouble() * value.asDouble();
        }
        return Math.sqrt(sum);
    }

    @Test
    void answersInOpenAisShapeWithOneUnitVectorPerInputAndHonestUsage() throws Exception {
        long before = sim.embeddingsRequests();
        JsonNode response = json(embed("{\"model\":\"text-embedding-3-small\","
                + "\"input\":[\"The quick brown fox.\",\"Hello\"]}"));

        assertThat(response.get("object").asText()).isEqualTo("list");
        assertThat(response.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(response.get("data")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode item = response.get("data").get(i);
            assertThat(item.get("object").asText()).isEqualTo("embedding");
            assertThat(item.get("index").asInt()).isEqualTo(i);
            assertThat(item.get("embedding")).hasSize(SimEmbeddings.DEFAULT_DIMENSIONS);
            assertThat(norm(item.get("embedding"))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        // "The quick brown fox." is 4 words and a full stop; "Hello" one word.
        assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(6);
        assertThat(response.at("/usage/total_tokens").asInt()).isEqualTo(6);
        assertThat(sim.embeddingsRequests()).isEqualTo(before + 1);
    }

    @Test
    void theSameInputAlwaysGetsTheSameVectorAndAnotherInputAnother() throws Exception {
        JsonNode first = json(embed("{\"model\":\"m\",\"input\":\"stable\"}")).at("/data/0/embedding");
        JsonNode again = json(embed("{\"model\":\"m\",\"input\":[\"other\",\"stable\"]}"));

        assertThat(again.at("/data/1/embedding")).isEqualTo(first);
        assertThat(again.at("/data/0/embedding")).isNotEqualTo(first);
    }

    @Test
    void dimensionsGiveTheNormalisedPrefixOfTheFullVector() throws Exception {
        float[] full = SimEmbeddings.vector("prefix", SimEmbeddings.LARGE_DIMENSIONS);
        JsonNode small = json(embed("{\"model\":\"text-embedding-3-large\",\"input\":\"prefix\",\"dimensions\":8}"))
                .at("/data/0/embedding");

        assertThat(small).hasSize(8);
        assertThat(norm(small)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        double prefixNorm = 0;
        for (int i = 0; i < 8; i++) {
            prefixNorm += full[i] * full[i];
        }
        for (int i = 0; i < 8; i++) {
            assertThat(small.get(i).asDouble())
                    .isCloseTo(full[i] / Math.sqrt(prefixNorm), org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(json(embed("{\"model\":\"text-embedding-3-large\",\"input\":\"x\"}")).at("/data/0/embedding"))
                .hasSize(SimEmbeddings.LARGE_DIMENSIONS);
    }

    @Test
    void base64IsTheLittleEndianFloat32FormOfTheSameVector() throws Exception {
        JsonNode floats = json(embed("{\"model\":\"m\",\"input\":\"b64\",\"dimensions\":16}")).at("/data/0/embedding");
        String base64 = json(embed("{\"model\":\"m\",\"input\":\"b64\",\"dimensions\":16,"
                + "\"encoding_format\":\"base64\"}")).at("/data/0/embedding").asText();

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(16 * Float.BYTES);
        for (int i = 0; i < 16; i++) {
            assertThat(bytes.getFloat()).isEqualTo(floats.get(i).floatValue());
        }
    }

    @Test
    void tokenArraysAreCountedOneTokenPerElement() throws Exception {
        JsonNode single = json(embed("{\"model\":\"m\",\"input\":[15339, 1917, 0]}"));
        JsonNode batch = json(embed("{\"model\":\"m\",\"input\":[[15339, 1917], [42]]}"));

        assertThat(single.get("data")).hasSize(1);
        assertThat(single.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
        assertThat(batch.get("data")).hasSize(2);
        assertThat(batch.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void invalidRequestsAre400WithTheParam() throws Exception {
        AggregatedHttpResponse noInput = embed("{\"model\":\"m\"}");
        AggregatedHttpResponse tooWide = embed("{\"model\":\"text-embedding-3-small\",\"input\":\"x\","
                + "\"dimensions\":5000}");

        assertThat(noInput.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(MAPPER.readTree(noInput.contentUtf8()).at("/error/param").asText()).isEqualTo("input");
        assertThat(tooWide.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(MAPPER.readTree(tooWide.contentUtf8()).at("/error/param").asText()).isEqualTo("dimensions");
        assertThatThrownBy(() -> SimEmbeddings.inputs(MAPPER.readTree("[\"\"]")))
                .isInstanceOf(SimEmbeddings.BadRequest.class);
    }
}
