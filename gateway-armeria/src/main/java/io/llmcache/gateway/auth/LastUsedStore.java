package io.llmcache.gateway.auth;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** Persists when API keys were last used. Blocking: called only from the tracker's own thread. */
public interface LastUsedStore {

    /** Sets each key's last-used time, never moving one backwards; unknown key ids are ignored. */
    void markUsed(Map<String, Instant> lastUsedByKeyId) throws SQLException;
}
