package io.llmcache.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated answer to a chat request, rendered either as one {@code chat.completion} body or as the
 * {@code chat.completion.chunk} sequence of a stream. Its text starts with {@code [sim H]}, H being the
 * first 16 hex digits of SHA-256 of the last user message (DESIGN §6), so tests can tell which prompt it
 * answers.
 *
 * <p>Tool calls: when the request declares function {@code tools} and its last user message contains
 * {@code call NAME} where NAME is one of those functions, every choice is a call of NAME (the first declared
 * one that is mentioned) with arguments {@code {"query":"<the last user message>"}}, id {@code call_} +
 * 24 hex digits of SHA-256 of the message, and {@code finish_reason: tool_calls}.
 */
record SimCompletion(String id, long created, String model, List<String> contents, @Nullable ToolCall toolCall,
                     int promptTokens, int completionTokens) {

    /** Words per content delta of a stream. */
    private static final int WORDS_PER_DELTA = 3;
    /** Argument characters per tool-call delta of a stream. */
    private static final int ARGUMENT_CHARS_PER_DELTA = 16;

    SimCompletion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        contents = List.copyOf(contents);
    }

    /** A function call chosen by the simulated model. */
    record ToolCall(String id, String name, String arguments) {
    }

    static SimCompletion answer(String id, long created, String model, JsonNode messages, @Nullable JsonNode tools,
                                int choices, ObjectMapper mapper) {
        String prompt = lastUserText(messages);
        int promptTokens = SimTokenizer.REPLY_PRIMING;
        for (JsonNode message : messages) {
            promptTokens += SimTokenizer.PER_MESSAGE + SimTokenizer.count(text(message.get("content")));
        }
        String toolName = requestedTool(prompt, tools);
        if (toolName != null) {
            String arguments = mapper.createObjectNode().put("query", prompt).toString();
            ToolCall call = new ToolCall("call_" + sha256Hex(prompt).substring(0, 24), toolName, arguments);
            int perChoice = SimTokenizer.count(toolName) + SimTokenizer.count(arguments);
            return new SimCompletion(id, created, model, Collections.nCopies(choices, ""), call, promptTokens,
                    perChoice * choices);
        }
        String content = "[sim " + promptHash(prompt) + "] This is a deterministic answer from the llm-cache "
                + "simulated upstream; no real model was called.";
        int perChoice = SimTokenizer.count(content);
        return new SimCompletion(id, created, model, Collections.nCopies(choices, content), null, promptTokens,
                perChoice * choices);
    }

    /** The first declared function tool whose name follows "call " in the prompt, or null. */
    @Nullable
    private static String requestedTool(String prompt, @Nullable JsonNode tools) {
        if (tools == null || !tools.isArray()) {
            return null;
        }
        for (JsonNode tool : tools) {
            String name = tool.path("function").path("name").asText("");
            if (!name.isEmpty()) {
                Matcher matcher = Pattern.compile("\\bcall " + Pattern.quote(name) + "\\b").matcher(prompt);
                if (matcher.find()) {
                    return name;
                }
            }
        }
        return null;
    }

    /** The first 16 lower-case hex digits of SHA-256 of the text's UTF-8 bytes. */
    static String promptHash(String text) {
        return sha256Hex(text).substring(0, 16);
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
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

    private String finishReason() {
        return toolCall != null ? "tool_calls" : "stop";
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
            if (toolCall != null) {
                message.putNull("content");
                ObjectNode call = message.putArray("tool_calls").addObject();
                call.put("id", toolCall.id());
                call.put("type", "function");
                call.putObject("function").put("name", toolCall.name()).put("arguments", toolCall.arguments());
            } else {
                message.put("content", contents.get(i));
            }
            message.putNull("refusal");
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason());
        }
        root.set("usage", usage(mapper));
        root.put("system_fingerprint", "fp_llmcache_sim");
        return root;
    }

    /**
     * The {@code chat.completion.chunk} objects of the stream, in order, without the final {@code [DONE]}:
     * per choice a role chunk, the content (or tool-call) deltas and a finish chunk; then, when asked, the
     * usage chunk. As OpenAI does, every chunk carries {@code "usage": null} when usage was asked for.
     */
    List<ObjectNode> toChunks(ObjectMapper mapper, boolean includeUsage) {
        List<ObjectNode> chunks = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            ObjectNode role = chunk(mapper, includeUsage, i);
            ObjectNode roleDelta = (ObjectNode) role.at("/choices/0/delta");
            roleDelta.put("role", "assistant");
            if (toolCall == null) {
                roleDelta.put("content", "");
            } else {
                roleDelta.putNull("content");
            }
            roleDelta.putNull("refusal");
            chunks.add(role);
            if (toolCall != null) {
                ObjectNode header = chunk(mapper, includeUsage, i);
                ObjectNode call = ((ObjectNode) header.at("/choices/0/delta")).putArray("tool_calls").addObject();
                call.put("index", 0);
                call.put("id", toolCall.id());
                call.put("type", "function");
                call.putObject("function").put("name", toolCall.name()).put("arguments", "");
                chunks.add(header);
                String arguments = toolCall.arguments();
                for (int start = 0; start < arguments.length(); start += ARGUMENT_CHARS_PER_DELTA) {
                    ObjectNode part = chunk(mapper, includeUsage, i);
                    ((ObjectNode) part.at("/choices/0/delta")).putArray("tool_calls").addObject()
                            .put("index", 0)
                            .putObject("function").put("arguments", arguments.substring(start,
                                    Math.min(arguments.length(), start + ARGUMENT_CHARS_PER_DELTA)));
                    chunks.add(part);
                }
            } else {
                for (String piece : deltas(contents.get(i))) {
                    ObjectNode part = chunk(mapper, includeUsage, i);
                    ((ObjectNode) part.at("/choices/0/delta")).put("content", piece);
                    chunks.add(part);
                }
            }
            ObjectNode finish = chunk(mapper, includeUsage, i);
            ((ObjectNode) finish.at("/choices/0")).put("finish_reason", finishReason());
            chunks.add(finish);
        }
        if (includeUsage) {
            ObjectNode usage = envelope(mapper);
            usage.putArray("choices");
            usage.set("usage", usage(mapper));
            chunks.add(usage);
        }
        return chunks;
    }

    /** Splits text into pieces of a few words, each keeping its trailing space, so they concatenate back. */
    static List<String> deltas(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int words = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && ++words == WORDS_PER_DELTA) {
                pieces.add(text.substring(start, i + 1));
                start = i + 1;
                words = 0;
            }
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }

    private ObjectNode chunk(ObjectMapper mapper, boolean includeUsage, int index) {
        ObjectNode chunk = envelope(mapper);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private ObjectNode envelope(ObjectMapper mapper) {
        ObjectNode chunk = mapper.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.put("system_fingerprint", "fp_llmcache_sim");
        return chunk;
    }

    private ObjectNode usage(ObjectMapper mapper) {
        ObjectNode usage = mapper.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return usage;
    }
}
