package io.llmcache.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the cache server with settings from the environment until SIGTERM (or Ctrl-C). */
public final class CacheServerMain {
    private CacheServerMain() {
    }

    public static void main(String[] args) throws Exception {
        // Set before the first logger exists; a library jar must not ship a plain logback.xml.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "cache-server-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(CacheServerMain.class);
        CacheServer server;
        try {
            server = CacheServer.start(CacheServerConfig.fromEnv(System.getenv()));
        } catch (Exception e) {
            log.error("cache-server failed to start", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down cache-server");
            server.close();
        }, "cache-server-shutdown"));
        server.awaitTermination();
    }
}
