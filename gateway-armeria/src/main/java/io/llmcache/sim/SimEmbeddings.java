package io.llmcache.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Deterministic embeddings in OpenAI's response shape. Each input's vector is SHA-256 of the input in
 * counter mode, two bytes per component, scaled to unit length: the same input always gets the same
 * vector, and a shorter {@code dimensions} is the normalised prefix of the full vector, as with OpenAI's
 * {@code text-embedding-3} models. Token arrays are accepted and counted one token per element.
 */
final class SimEmbeddings {

    static final int DEFAULT_DIMENSIONS = 1536;
    static final int LARGE_DIMENSIONS = 3072;
    private static final int MAX_INPUTS = 2048;

    private SimEmbeddings() {
    }

    /** A request the simulated model refuses, with the offending parameter. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String param;

        BadRequest(String message, String param) {
            super(message);
            this.param = param;
        }
    }

    /** One input: the text its vector is derived from and its token count. */
    record Input(String text, int tokens) {
    }

    /** Builds the response to an embeddings request body; throws {@link BadRequest} when it is invalid. */
    static ObjectNode answer(JsonNode body, ObjectMapper mapper) {
        if (!body.path("model").isTextual() || body.get("model").asText().isBlank()) {
            throw new BadRequest("you must provide a model parameter", "model");
        }
        String model = body.get("model").asText();
        List<Input> inputs = inputs(body.get("input"));
        int dimensions = dimensions(model, body.get("dimensions"));
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw new BadRequest("'encoding_format' must be 'float' or 'base64'", "encoding_format");
        }
        ObjectNode root = mapper.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            tokens += input.tokens();
            float[] vector = vector(input.text(), dimensions);
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (format.equals("base64")) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float value : vector) {
                    values.add(value);
                }
            }
        }
        root.put("model", model);
        root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return root;
    }

    /** The unit vector of a text: SHA-256(text || counter) blocks, two bytes per component. */
    static float[] vector(String text, int dimensions) {
        MessageDigest sha256 = sha256();
        byte[] seed = text.getBytes(StandardCharsets.UTF_8);
        float[] vector = new float[dimensions];
        byte[] block = new byte[0];
        double sumOfSquares = 0;
        for (int i = 0; i < dimensions; i++) {
            int offset = (i * 2) % 32;
            if (offset == 0) {
                sha256.update(seed);
                sha256.update(ByteBuffer.allocate(4).putInt(i / 16).array());
                block = sha256.digest();
            }
            short raw = (short) (((block[offset] & 0xff) << 8) | (block[offset + 1] & 0xff));
            vector[i] = raw / 32768f;
            sumOfSquares += (double) vector[i] * vector[i];
        }
        double norm = Math.sqrt(sumOfSquares);
        for (int i = 0; i < dimensions; i++) {
            vector[i] = norm == 0 ? 0f : (float) (vector[i] / norm);
        }
        return vector;
    }

    /** OpenAI's base64 format: the float32 values, little-endian. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static List<Input> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw new BadRequest("Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            return List.of(text(input));
        }
        if (!input.isArray() || input.isEmpty() || input.size() > MAX_INPUTS) {
            throw new BadRequest("'input' must be a non-empty string or an array of 1 to " + MAX_INPUTS
                    + " strings or token arrays.", "input");
        }
        if (input.get(0).isIntegralNumber()) {
            return List.of(tokens(input));
        }
        List<Input> inputs = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (item.isTextual()) {
                inputs.add(text(item));
            } else if (item.isArray() && !item.isEmpty()) {
                inputs.add(tokens(item));
            } else {
                throw new BadRequest("'input' items must be non-empty strings or token arrays.", "input");
            }
        }
        return inputs;
    }

    private static Input text(JsonNode node) {
        String text = node.asText();
        if (text.isEmpty()) {
            throw new BadRequest("'input' cannot contain an empty string.", "input");
        }
        return new Input(text, Math.max(1, SimTokenizer.count(text)));
    }

    private static Input tokens(JsonNode array) {
        StringBuilder text = new StringBuilder("tokens:");
        for (JsonNode token : array) {
            if (!token.isIntegralNumber()) {
                throw new BadRequest("token arrays must contain only integers.", "input");
            }
            text.append(token.asLong()).append(',');
        }
        return new Input(text.toString(), array.size());
    }

    private static int dimensions(String model, JsonNode requested) {
        int nativeDimensions = model.contains("large") ? LARGE_DIMENSIONS : DEFAULT_DIMENSIONS;
        if (requested == null || requested.isNull()) {
            return nativeDimensions;
        }
        if (!requested.isIntegralNumber() || requested.asInt() < 1 || requested.asInt() > nativeDimensions) {
            throw new BadRequest("'dimensions' must be an integer between 1 and " + nativeDimensions + " for " + model
                    + "; got " + requested + ".", "dimensions");
        }
        return requested.asInt();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
