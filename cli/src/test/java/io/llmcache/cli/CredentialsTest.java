package io.llmcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFileTheLauncherWrites() throws Exception {
        Path file = dir.resolve("credentials.env");
        Files.writeString(file, """
                # written by ./llm-cache up
                LLMCACHE_URL=http://127.0.0.1:28080/
                export LLMCACHE_API_KEY="lc_abcd1234_secret"
                LLMCACHE_ADMIN_TOKEN='admintoken'
                """);

        Credentials credentials = Credentials.resolve(Map.of(), file);

        assertThat(credentials.url()).isEqualTo("http://127.0.0.1:28080");
        assertThat(credentials.requireApiKey()).isEqualTo("lc_abcd1234_secret");
        assertThat(credentials.requireAdminToken()).isEqualTo("admintoken");
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        Path file = dir.resolve("credentials.env");
        Files.writeString(file, "LLMCACHE_URL=http://a\nLLMCACHE_API_KEY=from-file\n");

        Credentials credentials = Credentials.resolve(
                Map.of("LLMCACHE_API_KEY", "from-env", "LLMCACHE_ADMIN_TOKEN", ""), file);

        assertThat(credentials.requireApiKey()).isEqualTo("from-env");
        assertThatThrownBy(credentials::requireAdminToken).isInstanceOf(CliException.class)
                .hasMessageContaining("LLMCACHE_ADMIN_TOKEN");
    }

    @Test
    void withoutAnyUrlTellsTheUserToRunUp() {
        assertThatThrownBy(() -> Credentials.resolve(Map.of(), dir.resolve("missing.env")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("./llm-cache up");
    }
}
