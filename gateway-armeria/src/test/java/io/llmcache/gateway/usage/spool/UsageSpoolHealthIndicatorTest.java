package io.llmcache.gateway.usage.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcache.gateway.health.DependencyHealth;
import io.llmcache.gateway.json.Json;
import org.junit.jupiter.api.Test;

class UsageSpoolHealthIndicatorTest {

    private final Json json = new Json();

    @Test
    void anEmptySpoolIsUp() throws Exception {
        DependencyHealth health = new UsageSpoolHealthIndicator(() -> new SpoolStats(0, 0, 1000, 5, 5, 0, 0))
                .check().join();

        assertThat(health.status()).isEqualTo("up");
        assertThat(json.mapper().writeValueAsString(health)).contains("\"pending_events\":0");
    }

    @Test
    void waitingEventsAreAWarningWithTheNumbers() throws Exception {
        DependencyHealth health = new UsageSpoolHealthIndicator(() -> new SpoolStats(12, 3456, 1000, 12, 0, 0, 0))
                .check().join();

        assertThat(health.status()).isEqualTo("warn");
        assertThat(health.detail()).contains("12 usage event(s)", "3456 bytes");
        assertThat(json.mapper().writeValueAsString(health))
                .contains("\"status\":\"warn\"", "\"pending_events\":12", "\"pending_bytes\":3456");
    }

    @Test
    void lostEventsStayAWarningEvenOnceTheSpoolIsEmpty() {
        DependencyHealth health = new UsageSpoolHealthIndicator(() -> new SpoolStats(0, 0, 1000, 9, 7, 2, 0))
                .check().join();

        assertThat(health.status()).isEqualTo("warn");
        assertThat(health.detail()).contains("2 lost since start");
    }

    @Test
    void otherDependenciesOmitTheEmptyMetrics() throws Exception {
        assertThat(json.mapper().writeValueAsString(DependencyHealth.up("fine"))).isEqualTo(
                "{\"status\":\"up\",\"detail\":\"fine\"}");
    }
}
