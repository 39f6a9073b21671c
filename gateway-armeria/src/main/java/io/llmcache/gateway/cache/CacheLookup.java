package io.llmcache.gateway.cache;

import java.util.Objects;

/** The outcome of a lookup. A cache that cannot answer says {@link Bypass}; it never fails the request. */
public sealed interface CacheLookup {

    /** A stored response for this request. */
    record Hit(MatchKind match, float similarity, CachedResponse entry) implements CacheLookup {
        public Hit {
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** The cache answered and has nothing for this request. */
    record Miss() implements CacheLookup {
    }

    /** The cache was not consulted or did not answer in time; {@code reason} is for logs. */
    record Bypass(String reason) implements CacheLookup {
        public Bypass {
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum MatchKind {
        EXACT, SEMANTIC
    }
}
