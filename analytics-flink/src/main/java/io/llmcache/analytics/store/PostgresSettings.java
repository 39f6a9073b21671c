package io.llmcache.analytics.store;

import java.io.Serializable;
import java.util.Objects;

/** Where the rollups are written. */
public record PostgresSettings(String url, String user, String password) implements Serializable {
  public PostgresSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "PostgresSettings[url=" + url + ", user=" + user + ", password=***]";
  }
}
