package io.llmcache.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.auth.OAuth2Token;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.auth.AuthService;
import com.linecorp.armeria.server.auth.Authorizer;
import io.llmcache.gateway.error.AuthenticationException;
import io.llmcache.gateway.error.PermissionDeniedException;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Authenticates {@code Authorization: Bearer <token>} as either the admin token or a tenant API key,
 * and records the {@link Caller} on the request context. Key lookups go to the database on the
 * blocking executor behind a short-lived cache, so a busy key costs one query per TTL. Each accepted key is
 * reported to the {@link KeyUsageTracker}, which writes last-used times off the request path.
 */
public final class Authentication implements Authorizer<OAuth2Token> {

    private static final AttributeKey<Caller> CALLER = AttributeKey.valueOf(Authentication.class, "CALLER");

    private final byte[] adminToken;
    private final ApiKeyLookup lookup;
    private final AsyncCache<String, Optional<Caller.Tenant>> keyCache;
    private final KeyUsageTracker usage;

    /**
     * @param cacheTtl how long a key lookup is reused; a key revoked through another gateway instance keeps
     *                 working here for at most this long (revocation through this instance is immediate)
     */
    public Authentication(String adminToken, ApiKeyLookup lookup, Duration cacheTtl, KeyUsageTracker usage) {
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken").getBytes(StandardCharsets.UTF_8);
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.usage = Objects.requireNonNull(usage, "usage");
        // Unknown keys are cached too, so a flood of bad keys cannot turn into a flood of queries.
        this.keyCache = Caffeine.newBuilder()
                .expireAfterWrite(Objects.requireNonNull(cacheTtl, "cacheTtl"))
                .maximumSize(100_000)
                .buildAsync();
    }

    /** The Armeria decorator: authenticated requests continue, all others get a 401 in OpenAI's shape. */
    public Function<? super HttpService, AuthService> decorator() {
        return AuthService.builder()
                .addOAuth2(this)
                .onFailure(Authentication::authFailed)
                .newDecorator();
    }

    @Override
    public CompletionStage<Boolean> authorize(ServiceRequestContext ctx, OAuth2Token token) {
        String presented = token.accessToken();
        if (MessageDigest.isEqual(adminToken, presented.getBytes(StandardCharsets.UTF_8))) {
            ctx.setAttr(CALLER, new Caller.Admin());
            return CompletableFuture.completedFuture(true);
        }
        return keyCache.get(ApiKeys.hash(presented),
                        (hash, ignored) -> CompletableFuture.supplyAsync(() -> lookup.findByKeyHash(hash),
                                ctx.blockingTaskExecutor()))
                .thenApply(found -> {
                    found.ifPresent(tenant -> {
                        ctx.setAttr(CALLER, tenant);
                        usage.record(tenant.apiKeyId());
                    });
                    return found.isPresent();
                });
    }

    /** Forgets the cached lookup of a key, so a key just revoked is refused by the very next request. */
    public void invalidate(String keyHash) {
        keyCache.synchronous().invalidate(keyHash);
    }

    private static HttpResponse authFailed(HttpService delegate, ServiceRequestContext ctx, HttpRequest req,
                                           @Nullable Throwable cause) {
        if (cause != null) {
            // The lookup itself failed (database down): not the caller's fault, so not a 401.
            return HttpResponse.ofFailure(cause);
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return HttpResponse.ofFailure(new AuthenticationException(
                    "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'."));
        }
        return HttpResponse.ofFailure(new AuthenticationException(
                "Incorrect API key provided. Expected 'Authorization: Bearer lc_...' with a key issued by this gateway."));
    }

    /** The authenticated caller; only valid behind {@link #decorator()}. */
    public static Caller caller(ServiceRequestContext ctx) {
        Caller caller = ctx.attr(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller on " + ctx.path() + ": the route lacks the auth decorator");
        }
        return caller;
    }

    /** The caller if it has authenticated, else empty (e.g. when authentication failed). */
    public static Optional<Caller> callerIfAny(ServiceRequestContext ctx) {
        return Optional.ofNullable(ctx.attr(CALLER));
    }

    public static Caller.Tenant requireTenant(ServiceRequestContext ctx) {
        if (caller(ctx) instanceof Caller.Tenant tenant) {
            return tenant;
        }
        throw new PermissionDeniedException("The admin token cannot call " + ctx.path()
                + "; use an API key of a tenant.");
    }

    public static void requireAdmin(ServiceRequestContext ctx) {
        if (!(caller(ctx) instanceof Caller.Admin)) {
            throw new PermissionDeniedException("Only the admin token may call " + ctx.path() + ".");
        }
    }
}
