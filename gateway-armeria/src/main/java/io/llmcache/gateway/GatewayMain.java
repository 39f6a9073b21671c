package io.llmcache.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the gateway with settings from the environment until the JVM is asked to stop. */
public final class GatewayMain {

    private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config = GatewayConfig.fromEnv(System.getenv());
        log.info("starting with {}", config);
        Gateway gateway = Gateway.start(config);
        // Armeria's threads are non-daemon: the JVM lives until SIGTERM runs this hook.
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
        log.info("gateway listening on port {}", gateway.port());
    }
}
