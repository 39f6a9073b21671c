package io.llmcache.gateway.usage;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.llmcache.gateway.auth.Authentication;
import io.llmcache.gateway.auth.Caller;
import io.llmcache.gateway.requestid.RequestIds;
import io.netty.util.AttributeKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one usage event per authenticated request once its response is complete, whatever the outcome.
 * Handlers only record facts on the context; the event is built here so no path can forget it.
 * Place it inside the auth decorator.
 */
public final class UsageMetering implements DecoratingHttpServiceFunction {

    private static final Logger log = LoggerFactory.getLogger(UsageMetering.class);
    private static final AttributeKey<RequestFacts> FACTS = AttributeKey.valueOf(UsageMetering.class, "FACTS");
    private static final AttributeKey<ChatOutcome> OUTCOME = AttributeKey.valueOf(UsageMetering.class, "OUTCOME");

    private final String endpoint;
    private final UsageEvents events;
    private final UsagePublisher publisher;
    private final Clock clock;

    public UsageMetering(String endpoint, UsageEvents events, UsagePublisher publisher, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.events = Objects.requireNonNull(events, "events");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records what the request is about, as soon as it is known to be valid. */
    public static void recordFacts(ServiceRequestContext ctx, RequestFacts facts) {
        ctx.setAttr(FACTS, facts);
    }

    /** Records how the request was answered, just before the response is returned. */
    public static void recordOutcome(ServiceRequestContext ctx, ChatOutcome outcome) {
        ctx.setAttr(OUTCOME, outcome);
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        Instant receivedAt = clock.instant();
        ctx.log().whenComplete().thenAccept(requestLog -> emit(ctx, requestLog, receivedAt));
        return delegate.serve(ctx, req);
    }

    private void emit(ServiceRequestContext ctx, RequestLog requestLog, Instant receivedAt) {
        if (!(Authentication.callerIfAny(ctx).orElse(null) instanceof Caller.Tenant tenant)) {
            return; // Only tenants are metered; the admin token is refused before any work.
        }
        try {
            publisher.publish(events.build(tenant, endpoint, receivedAt, ctx.attr(FACTS), ctx.attr(OUTCOME),
                    requestLog.responseHeaders().status().code(), requestLog.totalDurationNanos() / 1_000_000,
                    RequestIds.of(ctx)));
        } catch (RuntimeException e) {
            log.error("usage event of request {} (tenant {}) was not built", RequestIds.of(ctx), tenant.tenantId(), e);
        }
    }
}
