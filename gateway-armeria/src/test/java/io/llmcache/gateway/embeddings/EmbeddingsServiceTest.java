package io.llmcache.gateway.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EmbeddingsServiceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static boolean storable(String json) throws Exception {
        JsonNode response = MAPPER.readTree(json);
        return EmbeddingsService.isStorable(response);
    }

    @Test
    void onlyCompleteAnswersWithUsageAreStored() throws Exception {
        assertThat(storable("{\"data\":[{\"embedding\":[0.1,0.2]}],\"usage\":{\"prompt_tokens\":1}}")).isTrue();
        assertThat(storable("{\"data\":[{\"embedding\":\"AACAPw==\"}],\"usage\":{\"prompt_tokens\":1}}")).isTrue();

        assertThat(storable("{\"data\":[{\"embedding\":[0.1]}]}")).as("no usage").isFalse();
        assertThat(storable("{\"data\":[],\"usage\":{\"prompt_tokens\":0}}")).as("no data").isFalse();
        assertThat(storable("{\"data\":[{\"embedding\":[]}],\"usage\":{}}")).as("empty vector").isFalse();
        assertThat(storable("{\"data\":[{\"index\":0}],\"usage\":{}}")).as("no vector").isFalse();
    }
}
