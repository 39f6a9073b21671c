package io.llmcache.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmcache.gateway.error.InvalidRequestException;
import io.llmcache.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatRequestTypesTest {

    private static final Json JSON = new Json();
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static ChatRequest validate(String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return ChatRequest.validate(JSON.readObject(raw), raw);
    }

    private static InvalidRequestException refusal(String body) {
        InvalidRequestException e = catchThrowableOfType(() -> validate(body), InvalidRequestException.class);
        assertThat(e).as("refused: " + body).isNotNull();
        return e;
    }

    @Test
    void wrongJsonTypesAre400NamingTheFieldAndBothTypes() {
        InvalidRequestException messages = refusal("{\"model\":\"m\",\"messages\":\"hi\"}");
        InvalidRequestException model = refusal("{\"model\":4," + MESSAGES + "}");
        InvalidRequestException temperature = refusal("{\"model\":\"m\",\"temperature\":\"0.2\"," + MESSAGES + "}");

        assertThat(messages.toError().param()).isEqualTo("messages");
        assertThat(model.toError().param()).isEqualTo("model");
        assertThat(model.getMessage()).contains("expected a string, but got an integer");
        assertThat(temperature.toError().param()).isEqualTo("temperature");
        assertThat(temperature.getMessage()).contains("expected a number, but got a string");
        assertThat(refusal("{\"model\":\"m\",\"max_tokens\":1.5," + MESSAGES + "}").toError().param())
                .isEqualTo("max_tokens");
        assertThat(refusal("{\"model\":\"m\",\"stop\":7," + MESSAGES + "}").toError().param()).isEqualTo("stop");
        assertThat(refusal("{\"model\":\"m\",\"tools\":{}," + MESSAGES + "}").toError().param()).isEqualTo("tools");
        assertThat(refusal("{\"model\":\"m\",\"stream\":\"yes\"," + MESSAGES + "}").toError().param())
                .isEqualTo("stream");
    }

    @Test
    void rightTypesNullsAndUnknownFieldsPass() {
        assertThatCode(() -> validate("{\"model\":\"m\",\"temperature\":0,\"top_p\":0.9,\"max_tokens\":16.0,"
                + "\"stop\":[\"x\"],\"tool_choice\":\"auto\",\"seed\":null,\"response_format\":{\"type\":\"text\"},"
                + "\"some_provider_option\":\"anything\"," + MESSAGES + "}")).doesNotThrowAnyException();
    }
}
