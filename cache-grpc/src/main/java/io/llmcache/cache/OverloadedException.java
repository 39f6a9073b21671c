package io.llmcache.cache;

/** The bounded worker pool is full; the caller should back off and retry. */
public final class OverloadedException extends CacheException {
    public OverloadedException(String message) {
        super(message, null);
    }
}
