package io.llmcache.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The simulated answer to a chat request, independent of how it is delivered (one JSON body now; a
 * stream of chunks renders the same fields). Its text starts with {@code [sim H]}, H being the first 16
 * hex digits of SHA-256 of the last user message (DESIGN §6), so tests can tell which prompt it answers.
 */
record SimCompletion(String id, long created, String model, List<String> contents, int promptTokens,
                     int completionTokens) {

    SimCompletion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        contents = List.copyOf(contents);
    }

    static SimCompletion answer(String id, long created, String model, JsonNode messages, int choices) {
        String prompt = lastUserText(messages);
        String content = "[sim " + promptHash(prompt) + "] This is a deterministic answer from the llm-cache "
                + "simulated upstream; no real model was called.";
        int promptTokens = SimTokenizer.REPLY_PRIMING;
        for (JsonNode message : messages) {
            promptTokens += SimTokenizer.PER_MESSAGE + SimTokenizer.count(text(message.get("content")));
        }
        int perChoice = SimTokenizer.count(content);
        return new SimCompletion(id, created, model, Collections.nCopies(choices, content), promptTokens,
                perChoice * choices);
    }

    /** The first 16 lower-case hex digits of SHA-256 of the text's UTF-8 bytes. */
    static String promptHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    /** Text of the last message with role user: a string, or its text parts joined by newlines. */
    static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                return text(message.get("content"));
            }
        }
        return "";
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder joined = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                if (!joined.isEmpty()) {
                    joined.append('\n');
                }
                joined.append(part.get("text").textValue());
            }
        }
        return joined.toString();
    }

    /** The OpenAI {@code chat.completion} object. */
    ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", created);
        root.put("model", model);
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < contents.size(); i++) {
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", contents.get(i));
            message.putNull("refusal");
            choice.putNull("logprobs");
            choice.put("finish_reason", "stop");
        }
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        root.put("system_fingerprint", "fp_llmcache_sim");
        return root;
    }
}
