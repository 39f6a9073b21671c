package io.llmcache.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import io.llmcache.gateway.cache.CacheMode;
import io.llmcache.gateway.error.ApiException;
import io.llmcache.gateway.error.InvalidRequestException;
import io.llmcache.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatRequestValidationTest {

    private final Json json = new Json();

    private ChatRequest validate(String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return ChatRequest.validate(json.readObject(raw), raw);
    }

    private static String param(Throwable e) {
        return ((ApiException) e).toError().param();
    }

    @Test
    void acceptsAMinimalRequest() {
        assertThat(validate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").model())
                .isEqualTo("m");
    }

    @Test
    void rejectsMalformedJsonAndNonObjects() {
        assertThatThrownBy(() -> validate("{\"model\":")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("parse the JSON");
        assertThatThrownBy(() -> validate("[1,2]")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> validate("{\"model\":\"a\",\"model\":\"b\",\"messages\":[]}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Duplicate field");
    }

    @Test
    void rejectsMissingModel() {
        assertThatThrownBy(() -> validate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .satisfies(e -> assertThat(param(e)).isEqualTo("model"));
    }

    @Test
    void rejectsMissingEmptyOrNonArrayMessages() {
        for (String body : new String[] {"{\"model\":\"m\"}", "{\"model\":\"m\",\"messages\":[]}",
                "{\"model\":\"m\",\"messages\":\"hi\"}", "{\"model\":\"m\",\"messages\":[\"hi\"]}"}) {
            assertThatThrownBy(() -> validate(body)).as(body)
                    .isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(HttpStatus.BAD_REQUEST))
                    .satisfies(e -> assertThat(param(e)).startsWith("messages"));
        }
    }

    @Test
    void cacheDirectivesFollowTheRequestHeaders() {
        CacheDirectives none = CacheDirectives.from(RequestHeaders.of(HttpMethod.POST, "/"));
        assertThat(none).isEqualTo(new CacheDirectives("", CacheMode.DEFAULT, false, false, 0));

        CacheDirectives noCache = CacheDirectives.from(RequestHeaders.of(HttpMethod.POST, "/",
                "cache-control", "no-cache", "x-llmcache-namespace", "docs"));
        assertThat(noCache).isEqualTo(new CacheDirectives("docs", CacheMode.DEFAULT, true, false, 0));

        CacheDirectives noStoreMaxAge = CacheDirectives.from(RequestHeaders.of(HttpMethod.POST, "/",
                "cache-control", "no-store, max-age=60", "x-llmcache-mode", "exact"));
        assertThat(noStoreMaxAge).isEqualTo(new CacheDirectives("", CacheMode.EXACT, false, true, 60));

        CacheDirectives off = CacheDirectives.from(RequestHeaders.of(HttpMethod.POST, "/", "x-llmcache-mode", "OFF"));
        assertThat(off.skipLookup()).isTrue();
        assertThat(off.skipStore()).isTrue();
    }

    @Test
    void rejectsInvalidCacheHeaders() {
        assertThatThrownBy(() -> CacheDirectives.from(RequestHeaders.of(HttpMethod.POST, "/",
                "x-llmcache-mode", "fuzzy"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("exact, semantic or off");
        assertThatThrownBy(() -> CacheDirectives.from(RequestHeaders.of(HttpMethod.POST, "/",
                "x-llmcache-namespace", "no spaces please"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void onlyNormallyFinishedAnswersAreStorable() {
        assertThat(Cacheability.isStorable(json.readObject(
                "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"content\":\"x\",\"refusal\":null}}]}"
                        .getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(Cacheability.isStorable(json.readObject("{\"choices\":[]}".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
        assertThat(Cacheability.isStorable(json.readObject("{\"object\":\"x\"}".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
        assertThat(Cacheability.isStorable(json.readObject(
                "{\"choices\":[{\"finish_reason\":\"content_filter\"}]}".getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(Cacheability.isStorable(json.readObject(
                "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"refusal\":\"I can't\"}}]}"
                        .getBytes(StandardCharsets.UTF_8)))).isFalse();
    }
}
