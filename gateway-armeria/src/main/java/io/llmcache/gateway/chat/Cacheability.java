package io.llmcache.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Decides whether a successful upstream answer may be stored (DESIGN §3): it must have choices, every
 * choice must have ended normally, and none may be a refusal. Filtered or cut-off answers are not
 * answers worth repeating.
 */
final class Cacheability {

    private static final Set<String> NORMAL_FINISH = Set.of("stop", "length", "tool_calls", "function_call");

    private Cacheability() {
    }

    static boolean isStorable(JsonNode response) {
        JsonNode choices = response.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            return false;
        }
        for (JsonNode choice : choices) {
            if (!NORMAL_FINISH.contains(choice.path("finish_reason").asText(""))) {
                return false;
            }
            JsonNode refusal = choice.path("message").get("refusal");
            if (refusal != null && !refusal.isNull()) {
                return false;
            }
        }
        return true;
    }
}
