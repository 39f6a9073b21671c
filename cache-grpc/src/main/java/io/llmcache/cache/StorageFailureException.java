package io.llmcache.cache;

/** A dependency answered with an error that retrying will not fix (a bug or a schema mismatch). */
public final class StorageFailureException extends CacheException {
    public StorageFailureException(String dependency, String operation, Throwable cause) {
        super(dependency + " failed during " + operation + ": " + cause.getMessage(), cause);
    }
}
