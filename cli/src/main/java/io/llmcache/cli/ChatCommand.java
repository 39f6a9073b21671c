package io.llmcache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code llm-cache chat "question"}: one chat completion through the gateway, with its cache verdict. */
@Command(name = "chat", description = "Ask one question through the gateway and show whether the cache answered.")
final class ChatCommand implements Callable<Integer> {

    @ParentCommand
    private LlmCacheCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--model"}, defaultValue = "gpt-4o-mini", description = "Model (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = {"-s", "--system"}, description = "A system prompt.")
    private String system;

    @Parameters(index = "0", paramLabel = "QUESTION")
    private String question;

    @Override
    public Integer call() {
        Credentials credentials = cli.credentials();
        GatewayClient.Reply reply = cli.gateway(credentials)
                .post("/v1/chat/completions", credentials.requireApiKey(), request(model, system, question));
        PrintWriter out = spec.commandLine().getOut();
        out.println(reply.body().path("choices").path(0).path("message").path("content").asText());
        PrintWriter err = spec.commandLine().getErr();
        err.println(verdict(reply.headers()));
        out.flush();
        err.flush();
        return 0;
    }

    static JsonNode request(String model, String system, String question) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", model);
        ArrayNode messages = body.putArray("messages");
        if (system != null) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", question);
        return body;
    }

    static String verdict(java.net.http.HttpHeaders headers) {
        StringBuilder line = new StringBuilder("x-llmcache: ")
                .append(headers.firstValue("x-llmcache").orElse("?"));
        headers.firstValue("x-llmcache-match").ifPresent(m -> line.append(" (").append(m).append(')'));
        headers.firstValue("x-llmcache-similarity").ifPresent(s -> line.append(" similarity=").append(s));
        return line.toString();
    }
}
