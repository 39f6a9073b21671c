package io.llmcache.gateway.usage;

import io.llmcache.proto.v1.UsageEvent;

/** Delivers usage events. Never blocks and never throws: a metering outage must not fail requests. */
public interface UsagePublisher {

    void publish(UsageEvent event);
}
