package io.llmcache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code llm-cache stats}: requests, hits and savings from the analytics rollups. */
@Command(name = "stats", description = "Show requests, cache hits and savings (from the Flink rollups).")
final class StatsCommand implements Callable<Integer> {

    static final List<String> FIELDS = List.of("requests", "exact_hits", "semantic_hits", "misses",
            "bypasses", "errors", "hit_rate", "tokens_saved", "cost_saved_usd", "upstream_cost_usd");

    @ParentCommand
    private LlmCacheCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--admin", description = "Use the admin token: all tenants, or the one given with --tenant.")
    private boolean admin;

    @Option(names = "--tenant", paramLabel = "ID", description = "With --admin: only this tenant.")
    private String tenantId;

    @Option(names = "--json", description = "Print the raw JSON.")
    private boolean rawJson;

    @Override
    public Integer call() throws Exception {
        Credentials credentials = cli.credentials();
        String path = "/api/stats";
        String bearer;
        if (admin) {
            bearer = credentials.requireAdminToken();
            if (tenantId != null) {
                path += "?tenant_id=" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8);
            }
        } else {
            if (tenantId != null) {
                throw new CliException("--tenant needs --admin");
            }
            bearer = credentials.requireApiKey();
        }
        JsonNode stats = cli.gateway(credentials).get(path, bearer).body();
        PrintWriter out = spec.commandLine().getOut();
        if (rawJson) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(stats));
        } else {
            out.print(table(stats));
        }
        out.flush();
        return 0;
    }

    /** Dollars as 0.000048, never 4.8E-5. */
    private static String plain(JsonNode value) {
        return value.isFloatingPointNumber() ? value.decimalValue().toPlainString() : value.asText();
    }

    /** Two aligned columns, in a fixed order, skipping fields the gateway did not send. */
    static String table(JsonNode stats) {
        StringBuilder text = new StringBuilder();
        for (String field : FIELDS) {
            if (stats.has(field)) {
                text.append(String.format("%-18s %s%n", field, plain(stats.get(field))));
            }
        }
        return text.toString();
    }
}
