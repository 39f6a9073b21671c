package io.llmcache.gateway.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmcache.gateway.error.InvalidRequestException;
import io.llmcache.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddingsRequestTest {

    private static final Json JSON = new Json();

    private static EmbeddingsRequest validate(String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return EmbeddingsRequest.validate(JSON.readObject(raw), raw);
    }

    private static String paramOf(String body) {
        InvalidRequestException e = catchThrowableOfType(() -> validate(body), InvalidRequestException.class);
        assertThat(e).as("refused: " + body).isNotNull();
        return e.toError().param();
    }

    @Test
    void acceptsEveryInputShapeOpenAiAccepts() {
        assertThatCode(() -> {
            validate("{\"model\":\"m\",\"input\":\"text\"}");
            validate("{\"model\":\"m\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\",\"dimensions\":256}");
            validate("{\"model\":\"m\",\"input\":[1,2,3],\"user\":\"u\",\"encoding_format\":null}");
            validate("{\"model\":\"m\",\"input\":[[1,2],[3]]}");
        }).doesNotThrowAnyException();
        assertThat(validate("{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}").model())
                .isEqualTo("text-embedding-3-small");
    }

    @Test
    void wrongTypesAndShapesAre400NamingTheField() {
        assertThat(paramOf("{\"input\":\"x\"}")).isEqualTo("model");
        assertThat(paramOf("{\"model\":42,\"input\":\"x\"}")).isEqualTo("model");
        assertThat(paramOf("{\"model\":\"m\"}")).isEqualTo("input");
        assertThat(paramOf("{\"model\":\"m\",\"input\":42}")).isEqualTo("input");
        assertThat(paramOf("{\"model\":\"m\",\"input\":\"\"}")).isEqualTo("input");
        assertThat(paramOf("{\"model\":\"m\",\"input\":[]}")).isEqualTo("input");
        assertThat(paramOf("{\"model\":\"m\",\"input\":[\"a\",{}]}")).isEqualTo("input[1]");
        assertThat(paramOf("{\"model\":\"m\",\"input\":[1,\"a\"]}")).isEqualTo("input");
        assertThat(paramOf("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":\"256\"}")).isEqualTo("dimensions");
        assertThat(paramOf("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":0}")).isEqualTo("dimensions");
        assertThat(paramOf("{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"hex\"}"))
                .isEqualTo("encoding_format");
        assertThat(paramOf("{\"model\":\"m\",\"input\":\"x\",\"user\":7}")).isEqualTo("user");
    }

    @Test
    void tooManyInputsAreRefused() {
        StringBuilder body = new StringBuilder("{\"model\":\"m\",\"input\":[");
        for (int i = 0; i <= EmbeddingsRequest.MAX_INPUTS; i++) {
            body.append(i == 0 ? "" : ",").append("\"x\"");
        }
        assertThat(paramOf(body.append("]}").toString())).isEqualTo("input");
    }
}
