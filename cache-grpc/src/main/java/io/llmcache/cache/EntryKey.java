package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

/** Where an entry lives in the exact tier. */
public record EntryKey(Scope scope, String exactKey) {
    public EntryKey {
        requireNonNull(scope, "scope");
        requireNonNull(exactKey, "exactKey");
    }
}
