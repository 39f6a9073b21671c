package io.llmcache.cache;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** What an invalidation removes inside a scope. */
public sealed interface InvalidationTarget {
    /** One entry; entry ids are unique per tenant, so any namespace of the tenant matches. */
    record EntryId(UUID id) implements InvalidationTarget {
        public EntryId {
            requireNonNull(id, "id");
        }
    }

    record ExactKey(String exactKey) implements InvalidationTarget {
        public ExactKey {
            requireNonNull(exactKey, "exactKey");
        }
    }

    record WholeNamespace() implements InvalidationTarget {
    }
}
