package io.llmcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {

    @TempDir
    Path dir;

    @Test
    void statsTableKeepsAFixedOrderAndSkipsAbsentFields() throws Exception {
        JsonNode stats = new ObjectMapper().readTree(
                "{\"hit_rate\":0.5,\"requests\":4,\"exact_hits\":2,\"extra\":1}");

        assertThat(StatsCommand.table(stats)).isEqualTo(String.format(
                "%-18s 4%n%-18s 2%n%-18s 0.5%n", "requests", "exact_hits", "hit_rate"));
    }

    @Test
    void statsTablePrintsSmallDollarAmountsInPlainDecimals() throws Exception {
        JsonNode stats = new ObjectMapper().readTree("{\"cost_saved_usd\":0.000048}");

        assertThat(StatsCommand.table(stats)).isEqualTo(String.format("%-18s 0.000048%n", "cost_saved_usd"));
    }

    @Test
    void chatRequestPutsTheSystemPromptFirst() {
        JsonNode body = ChatCommand.request("m1", "be brief", "hello?");

        assertThat(body.get("model").asText()).isEqualTo("m1");
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("hello?");
    }

    @Test
    void verdictShowsMatchAndSimilarity() {
        HttpHeaders headers = HttpHeaders.of(Map.of(
                "x-llmcache", List.of("HIT"), "x-llmcache-match", List.of("semantic"),
                "x-llmcache-similarity", List.of("0.9712")), (a, b) -> true);

        assertThat(ChatCommand.verdict(headers)).isEqualTo("x-llmcache: HIT (semantic) similarity=0.9712");
    }

    @Test
    void unreachableGatewayIsOneClearLineAndExitCodeOne() {
        StringWriter err = new StringWriter();
        CommandLine cli = LlmCacheCli.commandLine(
                Map.of("LLMCACHE_URL", "http://127.0.0.1:1", "LLMCACHE_API_KEY", "k"), dir.resolve("none.env"));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("stats");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("llm-cache: Gateway at http://127.0.0.1:1 is not reachable")
                .doesNotContain("Exception");
    }

    @Test
    void tenantFilterWithoutAdminIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine cli = LlmCacheCli.commandLine(
                Map.of("LLMCACHE_URL", "http://127.0.0.1:1", "LLMCACHE_API_KEY", "k"), dir.resolve("none.env"));
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("stats", "--tenant", "t1")).isEqualTo(1);
        assertThat(err.toString()).contains("--tenant needs --admin");
    }
}
