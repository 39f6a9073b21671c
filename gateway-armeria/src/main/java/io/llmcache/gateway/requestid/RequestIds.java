package io.llmcache.gateway.requestid;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.llmcache.gateway.ids.UuidV7Generator;
import io.netty.util.AttributeKey;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in {@code x-request-id}: a well-formed incoming id is kept
 * so that callers can correlate, anything else is replaced by a fresh UUIDv7.
 */
public final class RequestIds implements DecoratingHttpServiceFunction {

    public static final String HEADER = "x-request-id";

    private static final AttributeKey<String> REQUEST_ID = AttributeKey.valueOf(RequestIds.class, "REQUEST_ID");
    // Printable, header- and log-safe ids of sane length only: no spaces, quotes or control characters.
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private final UuidV7Generator ids;

    public RequestIds(UuidV7Generator ids) {
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        String incoming = req.headers().get(HEADER);
        String id = incoming != null && VALID.matcher(incoming).matches() ? incoming : ids.nextString();
        ctx.setAttr(REQUEST_ID, id);
        // Additional headers reach every response, including those rendered by the error handler.
        ctx.setAdditionalResponseHeader(HEADER, id);
        return delegate.serve(ctx, req);
    }

    /** The id of the current request; empty outside the decorator. */
    public static String of(ServiceRequestContext ctx) {
        String id = ctx.attr(REQUEST_ID);
        return id == null ? "" : id;
    }
}
