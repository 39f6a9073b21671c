package io.llmcache.gateway.usage.report;

import java.util.Locale;

/** What one series of a usage report is per: a model or an API key. */
public enum GroupBy {
    MODEL("model"),
    KEY("api_key_id");

    private final String column;

    GroupBy(String column) {
        this.column = column;
    }

    /** The view column and JSON field that names the group. */
    public String column() {
        return column;
    }

    /** The name used in the query string and the JSON body. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
