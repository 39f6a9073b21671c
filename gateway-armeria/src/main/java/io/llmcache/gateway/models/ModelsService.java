package io.llmcache.gateway.models;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Get;
import io.llmcache.gateway.auth.Authentication;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/models}: the upstream's model list in OpenAI's list shape, for tenant keys. It is served
 * from {@link ModelListCache}; an upstream failure is a 502 (or 504) in OpenAI's error shape.
 */
public final class ModelsService {

    private final ModelListCache models;

    public ModelsService(ModelListCache models) {
        this.models = Objects.requireNonNull(models, "models");
    }

    @Get("/v1/models")
    public CompletableFuture<HttpResponse> list(ServiceRequestContext ctx) {
        Authentication.requireTenant(ctx);
        return models.get().thenApply(list -> HttpResponse.of(
                ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.parse(list.contentType())).build(),
                HttpData.wrap(list.body())));
    }
}
