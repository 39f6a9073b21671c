package io.llmcache.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway is and which secrets to send: environment variables first, then the
 * {@code credentials.env} file that {@code ./llm-cache up} writes.
 */
record Credentials(String url, Optional<String> apiKey, Optional<String> adminToken) {

    static final String URL = "LLMCACHE_URL";
    static final String API_KEY = "LLMCACHE_API_KEY";
    static final String ADMIN_TOKEN = "LLMCACHE_ADMIN_TOKEN";

    static Credentials resolve(Map<String, String> env, Path file) {
        Map<String, String> merged = new HashMap<>(readEnvFile(file));
        env.forEach((k, v) -> {
            if (!v.isBlank()) {
                merged.put(k, v);
            }
        });
        String url = merged.get(URL);
        if (url == null || url.isBlank()) {
            throw new CliException("No gateway URL: set " + URL + " or run './llm-cache up', which writes " + file);
        }
        return new Credentials(stripTrailingSlash(url),
                Optional.ofNullable(merged.get(API_KEY)).filter(s -> !s.isBlank()),
                Optional.ofNullable(merged.get(ADMIN_TOKEN)).filter(s -> !s.isBlank()));
    }

    String requireApiKey() {
        return apiKey.orElseThrow(() -> new CliException("No API key: set " + API_KEY));
    }

    String requireAdminToken() {
        return adminToken.orElseThrow(() -> new CliException("No admin token: set " + ADMIN_TOKEN));
    }

    /** Reads KEY=VALUE lines as written by the launcher; a missing file is simply empty. */
    static Map<String, String> readEnvFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("export ")) {
                    line = line.substring("export ".length()).strip();
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
            }
        } catch (IOException e) {
            throw new CliException("Cannot read " + file + ": " + e.getMessage());
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
