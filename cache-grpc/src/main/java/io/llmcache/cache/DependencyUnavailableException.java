package io.llmcache.cache;

/** Redis or PostgreSQL did not answer in time; retriable once the dependency is back. */
public final class DependencyUnavailableException extends CacheException {
    private final String dependency;

    public DependencyUnavailableException(String dependency, String operation, Throwable cause) {
        super(dependency + " unavailable during " + operation + ": " + cause.getMessage(), cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }
}
