package io.llmcache.gateway;

/** A setting has a value the gateway cannot start with. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String value, String expected) {
        super("invalid " + key + "=" + value + ": expected " + expected);
    }
}
