package io.llmcache.gateway.usage.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcache.gateway.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpoolSettingsTest {

    @Test
    void defaultsLiveUnderTheLaunchersStateDirectory() {
        SpoolSettings settings = SpoolSettings.fromEnv(Map.of("LLMCACHE_HOME", "/srv/llmcache"));

        assertThat(settings.dir()).isEqualTo(Path.of("/srv/llmcache/spool/usage"));
        assertThat(settings.maxBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(settings.segmentBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(SpoolSettings.fromEnv(Map.of()).dir()).isEqualTo(Path.of("/work/main/.llmcache/spool/usage"));
    }

    @Test
    void readsOverridesAndRefusesNonsense() {
        SpoolSettings settings = SpoolSettings.fromEnv(Map.of("LLMCACHE_USAGE_SPOOL_DIR", "/tmp/spool",
                "LLMCACHE_USAGE_SPOOL_MAX_BYTES", "1048576"));

        assertThat(settings.dir()).isEqualTo(Path.of("/tmp/spool"));
        assertThat(settings.maxBytes()).isEqualTo(1_048_576L);
        assertThat(settings.segmentBytes()).isEqualTo(65_536L);
        assertThatThrownBy(() -> SpoolSettings.fromEnv(Map.of("LLMCACHE_USAGE_SPOOL_MAX_BYTES", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LLMCACHE_USAGE_SPOOL_MAX_BYTES=lots");
        assertThatThrownBy(() -> SpoolSettings.fromEnv(Map.of("LLMCACHE_USAGE_SPOOL_MAX_BYTES", "100")))
                .isInstanceOf(ConfigException.class);
    }
}
