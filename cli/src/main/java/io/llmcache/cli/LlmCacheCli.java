package io.llmcache.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The user side of {@code ./llm-cache}: commands that talk to a running gateway. The operator
 * commands (up, down, status, test) live in the launcher script, which must work before
 * anything is built.
 */
@Command(name = "llm-cache", mixinStandardHelpOptions = true, version = "llm-cache 0.1.0",
        subcommands = {StatsCommand.class, ChatCommand.class},
        description = "Talk to a running llm-cache gateway (credentials from the environment or .llmcache/credentials.env).")
public final class LlmCacheCli {

    private final Map<String, String> env;
    private final Path credentialsFile;

    LlmCacheCli(Map<String, String> env, Path credentialsFile) {
        this.env = Map.copyOf(env);
        this.credentialsFile = credentialsFile;
    }

    Credentials credentials() {
        return Credentials.resolve(env, credentialsFile);
    }

    GatewayClient gateway(Credentials credentials) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new GatewayClient(http, new ObjectMapper(), credentials.url());
    }

    static CommandLine commandLine(Map<String, String> env, Path credentialsFile) {
        CommandLine commandLine = new CommandLine(new LlmCacheCli(env, credentialsFile));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException) {
                cmd.getErr().println("llm-cache: " + e.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw e;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Path home = Path.of(env.getOrDefault("LLMCACHE_HOME", ".llmcache"));
        Path file = Path.of(env.getOrDefault("LLMCACHE_CREDENTIALS", home.resolve("credentials.env").toString()));
        System.exit(commandLine(env, file).execute(args));
    }
}
