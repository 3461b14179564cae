package com.milvusgke.status;

import com.google.gson.JsonObject;
import com.milvusgke.config.ConfigKey;
import com.milvusgke.config.StackConfigParser;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What {@code status --stack NAME} reads through the pulumi CLI, in the project's directory: the stack's outputs, and
 * the kubeconfig that stack deploys with, found the way the program finds it (its {@code kubeconfig} config, else
 * the {@code clusterStackOutput} output of its {@code clusterStack}, else the ambient kubeconfig). Secrets are read
 * with {@code --show-secrets} into memory only; nothing read here is printed.
 */
final class StackSource {

    /** Runs {@code pulumi ARGS...} and returns its standard output; the exception's message is what the CLI said. */
    interface PulumiCli {
        String run(List<String> args) throws IOException;
    }

    /**
     * @param outputsJson the stack's outputs, as {@code pulumi stack output --json --show-secrets}
     * @param kubeconfig  the kubeconfig the stack deploys with, if it names one (else the ambient one)
     * @param from        where that kubeconfig came from, for the user
     */
    record Read(String outputsJson, Optional<String> kubeconfig, String from) {
        @Override
        public String toString() {
            return "StackSource.Read[" + from + "]";   // never the outputs or the kubeconfig
        }
    }

    /** Thrown with a message for the user: which command failed and what the CLI or the stack said. */
    static final class StackReadException extends Exception {
        StackReadException(String message) {
            super(message);
        }
    }

    private StackSource() {
    }

    static boolean isStackName(String stack) {
        return StackConfigParser.isStackReference(stack);
    }

    static Read read(PulumiCli cli, String stack, String project) throws StackReadException {
        var outputs = run(cli, List.of("stack", "output", "--json", "--show-secrets", "--stack", stack));
        var config = object(run(cli, List.of("config", "--json", "--show-secrets", "--stack", stack)),
                "`pulumi config --json --stack " + stack + "`");
        var kubeconfig = configValue(config, project, ConfigKey.KUBECONFIG);
        if (kubeconfig.isPresent()) {
            return new Read(outputs, kubeconfig, "the kubeconfig in stack " + stack + "'s config");
        }
        var clusterStack = configValue(config, project, ConfigKey.CLUSTER_STACK);
        if (clusterStack.isEmpty()) {
            return new Read(outputs, Optional.empty(), "the ambient kubeconfig (stack " + stack + " sets neither "
                    + ConfigKey.KUBECONFIG.key() + " nor " + ConfigKey.CLUSTER_STACK.key() + ")");
        }
        var outputName = configValue(config, project, ConfigKey.CLUSTER_STACK_OUTPUT)
                .orElseGet(() -> ConfigKey.CLUSTER_STACK_OUTPUT.defaultValue().orElseThrow());
        var other = object(run(cli, List.of("stack", "output", "--json", "--show-secrets", "--stack", clusterStack.get())),
                "the outputs of stack " + clusterStack.get());
        var value = Json.string(other, outputName).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            throw new StackReadException("stack " + stack + " takes its kubeconfig from output '" + outputName + "' of stack "
                    + clusterStack.get() + " (" + ConfigKey.CLUSTER_STACK.key() + "), which has no such text output");
        }
        return new Read(outputs, value, "output '" + outputName + "' of stack " + clusterStack.get());
    }

    private static String run(PulumiCli cli, List<String> args) throws StackReadException {
        try {
            return cli.run(args);
        } catch (IOException e) {
            throw new StackReadException("`pulumi " + String.join(" ", args) + "` failed: " + e.getMessage());
        }
    }

    /** Without the parser's internals in the message. */
    private static JsonObject object(String json, String what) throws StackReadException {
        return Json.objectOf(json).orElseThrow(() -> new StackReadException(what + " is not a JSON object"));
    }

    /** A key of `pulumi config --json`: {"project:key": {"value": "...", "secret": bool}}. */
    private static Optional<String> configValue(JsonObject config, String project, ConfigKey key) {
        return Json.string(config, project + ":" + key.key(), "value").filter(v -> !v.isBlank());
    }
}
