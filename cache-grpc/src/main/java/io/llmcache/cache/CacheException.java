package io.llmcache.cache;

/** Base of the cache server's typed failures; {@code service.StatusMapper} turns them into gRPC statuses. */
public abstract class CacheException extends RuntimeException {
    protected CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
