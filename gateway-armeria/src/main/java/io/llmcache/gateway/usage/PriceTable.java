package io.llmcache.gateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Model prices loaded from a versioned data file (e.g. {@code prices/v1.json}), never from code.
 * A model matches its own entry, else the longest entry it extends with '-' (dated snapshots such as
 * {@code gpt-4o-2024-08-06}), else the file's default.
 */
public final class PriceTable {

    private final String version;
    private final ModelPrice defaultPrice;
    private final Map<String, ModelPrice> prices;

    PriceTable(String version, ModelPrice defaultPrice, Map<String, ModelPrice> prices) {
        this.version = Objects.requireNonNull(version, "version");
        this.defaultPrice = Objects.requireNonNull(defaultPrice, "defaultPrice");
        this.prices = Map.copyOf(prices);
    }

    /** Loads a price file from the classpath; fails at start-up if it is missing or malformed. */
    public static PriceTable load(String resource, ObjectMapper mapper) {
        try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("price file " + resource + " is not on the classpath");
            }
            JsonNode root = mapper.readTree(in);
            Map<String, ModelPrice> prices = new HashMap<>();
            for (JsonNode entry : root.path("prices")) {
                String key = key(required(entry, "provider").asText(), required(entry, "model").asText());
                if (prices.put(key, price(entry)) != null) {
                    throw new IllegalStateException("price file " + resource + " lists " + key + " twice");
                }
            }
            return new PriceTable(required(root, "version").asText(), price(required(root, "default")), prices);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price file " + resource, e);
        }
    }

    public String version() {
        return version;
    }

    public ModelPrice priceOf(String provider, String model) {
        String candidate = model;
        while (true) {
            ModelPrice price = prices.get(key(provider, candidate));
            if (price != null) {
                return price;
            }
            int dash = candidate.lastIndexOf('-');
            if (dash <= 0) {
                return defaultPrice;
            }
            candidate = candidate.substring(0, dash);
        }
    }

    private static ModelPrice price(JsonNode node) {
        return new ModelPrice(new BigDecimal(required(node, "input").asText()),
                new BigDecimal(required(node, "output").asText()));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("price file entry " + node + " lacks '" + field + "'");
        }
        return value;
    }

    private static String key(String provider, String model) {
        return provider + "/" + model;
    }
}
