package io.llmcache.sim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the simulated upstream with settings from the environment until the JVM is asked to stop. */
public final class SimUpstreamMain {

    private static final Logger log = LoggerFactory.getLogger(SimUpstreamMain.class);

    private SimUpstreamMain() {
    }

    public static void main(String[] args) {
        SimConfig config = SimConfig.fromEnv(System.getenv());
        SimUpstream sim = SimUpstream.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "sim-shutdown"));
        log.info("simulated upstream listening on port {} (latency {} ms, {} ms between stream chunks): {}",
                sim.port(), config.latency().toMillis(), config.chunkDelay().toMillis(), sim.baseUrl());
    }
}
