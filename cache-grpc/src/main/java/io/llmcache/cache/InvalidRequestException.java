package io.llmcache.cache;

/** The caller sent a value the cache cannot accept; retrying the same request fails again. */
public final class InvalidRequestException extends CacheException {
    public InvalidRequestException(String message) {
        super(message, null);
    }
}
