package io.llmcache.gateway.error;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;

/**
 * The upstream provider failed. Its own error status and fields are passed to the client unchanged;
 * unreachable or timed-out upstreams become 502 and 504.
 */
public final class UpstreamException extends ApiException {

    private static final long serialVersionUID = 1L;

    public UpstreamException(HttpStatus status, OpenAiError error, @Nullable Throwable cause) {
        super(status, error.type(), error.message(), error.code(), error.param(), cause);
    }

    public static UpstreamException unreachable(String provider, Throwable cause) {
        return new UpstreamException(HttpStatus.BAD_GATEWAY, new OpenAiError(
                "upstream provider " + provider + " could not be reached: " + cause.getMessage(),
                "upstream_error", "upstream_unreachable", null), cause);
    }

    public static UpstreamException timedOut(String provider, long timeoutMillis, Throwable cause) {
        return new UpstreamException(HttpStatus.GATEWAY_TIMEOUT, new OpenAiError(
                "upstream provider " + provider + " did not answer within " + timeoutMillis + " ms",
                "upstream_error", "upstream_timeout", null), cause);
    }

    public static UpstreamException badResponse(String provider, String problem) {
        return new UpstreamException(HttpStatus.BAD_GATEWAY, new OpenAiError(
                "upstream provider " + provider + " sent an unusable response: " + problem,
                "upstream_error", "upstream_bad_response", null), null);
    }
}
