package io.llmcache.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Tenant API keys: {@code lc_<8-char prefix>_<40-char secret>}, about 250 random bits in all.
 * Only the SHA-256 of a key is stored; the prefix is kept in clear so operators can tell keys apart.
 */
public final class ApiKeys {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String LOWER_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final int PREFIX_LENGTH = 8;
    private static final int SECRET_LENGTH = 40;

    private final SecureRandom random;

    public ApiKeys(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new key; the caller shows {@code key} once and stores only {@link #hash(String)}. */
    public GeneratedKey generate() {
        String prefix = randomString(LOWER_ALPHABET, PREFIX_LENGTH);
        String secret = randomString(ALPHABET, SECRET_LENGTH);
        return new GeneratedKey("lc_" + prefix + "_" + secret, prefix);
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
    public static String hash(String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    private String randomString(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** A freshly generated key and its displayable prefix. */
    public record GeneratedKey(String key, String prefix) {
    }
}
