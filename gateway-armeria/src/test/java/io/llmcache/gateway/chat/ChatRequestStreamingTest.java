package io.llmcache.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmcache.gateway.error.ApiException;
import io.llmcache.gateway.error.InvalidRequestException;
import io.llmcache.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatRequestStreamingTest {

    private final Json json = new Json();

    private ChatRequest validate(String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return ChatRequest.validate(json.readObject(raw), raw);
    }

    @Test
    void readsTheStreamFlagAndTheUsageOption() {
        ChatRequest plain = validate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ChatRequest streaming = validate("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(plain.streaming()).isFalse();
        assertThat(plain.includeUsage()).isFalse();
        assertThat(streaming.streaming()).isTrue();
        assertThat(streaming.includeUsage()).isTrue();
    }

    @Test
    void rejectsAStreamFlagOrOptionsOfTheWrongType() {
        assertThatThrownBy(() -> validate("{\"model\":\"m\",\"stream\":\"true\",\"messages\":[{\"role\":\"user\"}]}"))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((ApiException) e).toError().param()).isEqualTo("stream"));
        assertThatThrownBy(() -> validate("{\"model\":\"m\",\"stream\":true,\"stream_options\":true,"
                + "\"messages\":[{\"role\":\"user\"}]}"))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((ApiException) e).toError().param()).isEqualTo("stream_options"));
    }

    @Test
    void theUpstreamIsAlwaysAskedForUsageKeepingTheClientsOtherOptions() {
        ChatRequest withoutUsage = validate("{\"model\":\"m\",\"stream\":true,\"temperature\":0.70,"
                + "\"stream_options\":{\"include_obfuscation\":false},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ChatRequest withUsage = validate("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        JsonNode upstream = json.readObject(withoutUsage.upstreamStreamBody(json));
        assertThat(upstream.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(upstream.at("/stream_options/include_obfuscation").asBoolean(true)).isFalse();
        assertThat(upstream.get("temperature").decimalValue()).isEqualByComparingTo("0.70");
        assertThat(upstream.get("messages")).isEqualTo(withoutUsage.body().get("messages"));
        assertThat(withUsage.upstreamStreamBody(json)).isSameAs(withUsage.raw());
    }
}
