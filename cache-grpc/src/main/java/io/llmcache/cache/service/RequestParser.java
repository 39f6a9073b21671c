package io.llmcache.cache.service;

import static java.util.Objects.requireNonNull;

import io.llmcache.cache.InvalidRequestException;
import io.llmcache.cache.InvalidationTarget;
import io.llmcache.cache.LookupQuery;
import io.llmcache.cache.NewEntry;
import io.llmcache.cache.Scope;
import io.llmcache.cache.SemanticKey;
import io.llmcache.cache.Tiers;
import io.llmcache.proto.v1.CacheMode;
import io.llmcache.proto.v1.CacheScope;
import io.llmcache.proto.v1.InvalidateRequest;
import io.llmcache.proto.v1.LookupRequest;
import io.llmcache.proto.v1.StatsRequest;
import io.llmcache.proto.v1.StoreRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validates requests and turns them into domain values; every refusal names the field and the value. */
final class RequestParser {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_ID_LENGTH = 200;
    /** Bounds ages and TTLs so time arithmetic cannot overflow; nothing is cached for a century. */
    private static final long MAX_SECONDS = Duration.ofDays(36_500).toSeconds();

    private final Duration defaultTtl;

    RequestParser(Duration defaultTtl) {
        this.defaultTtl = requireNonNull(defaultTtl, "defaultTtl");
    }

    LookupQuery lookup(LookupRequest request) {
        Scope scope = scope(request.getScope());
        String exactKey = sha256("exact_key", request.getExactKey());
        Tiers tiers = tiers(request.getMode(), request.getModeValue());
        long maxAge = seconds("max_age_seconds", request.getMaxAgeSeconds());
        return new LookupQuery(scope, exactKey,
                semanticKey(request.getContextFingerprint(), request.getSemanticText()), tiers,
                maxAge == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(maxAge)));
    }

    NewEntry store(StoreRequest request) {
        Scope scope = scope(request.getScope());
        String exactKey = sha256("exact_key", request.getExactKey());
        Tiers tiers = tiers(request.getMode(), request.getModeValue());
        if (tiers == Tiers.OFF) {
            throw new InvalidRequestException("mode CACHE_MODE_OFF cannot store an entry");
        }
        if (request.getResponseBody().isEmpty()) {
            throw new InvalidRequestException("response_body must not be empty");
        }
        long ttl = seconds("ttl_seconds", request.getTtlSeconds());
        Optional<SemanticKey> semanticKey = semanticKey(request.getContextFingerprint(), request.getSemanticText());
        return new NewEntry(scope, exactKey, semanticKey, tiers.semantic() && semanticKey.isPresent(),
                request.getModel(), request.getResponseBody().toByteArray(), request.getContentType(),
                tokens("prompt_tokens", request.getPromptTokens()),
                tokens("completion_tokens", request.getCompletionTokens()),
                ttl == 0 ? defaultTtl : Duration.ofSeconds(ttl));
    }

    InvalidationTarget invalidation(InvalidateRequest request) {
        switch (request.getTargetCase()) {
            case ENTRY_ID:
                try {
                    return new InvalidationTarget.EntryId(UUID.fromString(request.getEntryId()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("entry_id must be a UUID, was '" + shown(request.getEntryId()) + "'");
                }
            case EXACT_KEY:
                return new InvalidationTarget.ExactKey(sha256("exact_key", request.getExactKey()));
            case WHOLE_NAMESPACE:
                if (!request.getWholeNamespace()) {
                    throw new InvalidRequestException("whole_namespace must be true when set");
                }
                return new InvalidationTarget.WholeNamespace();
            default:
                throw new InvalidRequestException("target must be one of entry_id, exact_key, whole_namespace");
        }
    }

    Scope scope(CacheScope scope) {
        String tenantId = scope.getTenantId();
        if (tenantId.isBlank()) {
            throw new InvalidRequestException("scope.tenant_id must not be empty, was '" + tenantId + "'");
        }
        if (tenantId.length() > MAX_ID_LENGTH) {
            throw new InvalidRequestException("scope.tenant_id must be at most " + MAX_ID_LENGTH
                    + " characters, was " + tenantId.length());
        }
        if (scope.getNamespace().length() > MAX_ID_LENGTH) {
            throw new InvalidRequestException("scope.namespace must be at most " + MAX_ID_LENGTH
                    + " characters, was " + scope.getNamespace().length());
        }
        return new Scope(tenantId, scope.getNamespace());
    }

    /** The stats namespace: empty counts every namespace of the tenant. */
    Optional<String> statsNamespace(StatsRequest request) {
        String namespace = request.getScope().getNamespace();
        return namespace.isEmpty() ? Optional.empty() : Optional.of(namespace);
    }

    private static Optional<SemanticKey> semanticKey(String fingerprint, String text) {
        if (fingerprint.isEmpty()) {
            return Optional.empty();
        }
        sha256("context_fingerprint", fingerprint);
        return text.isBlank() ? Optional.empty() : Optional.of(new SemanticKey(fingerprint, text));
    }

    private static String sha256(String field, String value) {
        if (!SHA256_HEX.matcher(value).matches()) {
            throw new InvalidRequestException(field + " must be 64 lower-case hex characters (SHA-256), was '"
                    + shown(value) + "'");
        }
        return value;
    }

    private static Tiers tiers(CacheMode mode, int rawValue) {
        switch (mode) {
            case CACHE_MODE_UNSPECIFIED:
            case CACHE_MODE_SEMANTIC:
                return Tiers.EXACT_AND_SEMANTIC;
            case CACHE_MODE_EXACT:
                return Tiers.EXACT_ONLY;
            case CACHE_MODE_OFF:
                return Tiers.OFF;
            default:
                throw new InvalidRequestException("mode " + rawValue + " is not a known CacheMode");
        }
    }

    private static long seconds(String field, long value) {
        if (value < 0 || value > MAX_SECONDS) {
            throw new InvalidRequestException(field + " must be between 0 and " + MAX_SECONDS + ", was " + value);
        }
        return value;
    }

    private static long tokens(String field, long value) {
        if (value < 0) {
            throw new InvalidRequestException(field + " must not be negative, was " + value);
        }
        return value;
    }

    /** Long or odd values are cut so an error message stays readable. */
    private static String shown(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
