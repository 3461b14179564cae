package com.milvusgke.plan;

import com.milvusgke.cli.Arguments;
import com.milvusgke.cli.ExitCode;
import com.milvusgke.config.ConfigException;
import com.milvusgke.config.ConfigKey;
import com.milvusgke.k8s.Ownership;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code plan (--stack NAME | --config FILE) [--out DIR]}: evaluates the real stack program under the SDK's
 * mock engine (no network, no credentials) and writes what each provider would receive. Exit 0 on success,
 * 2 on bad config or bad arguments (nothing written), 1 if the program itself failed.
 */
public final class PlanCommand {
    private static final int OK = ExitCode.OK;
    private static final int FAILED = ExitCode.FAILED;
    private static final int BAD_INPUT = ExitCode.BAD_INPUT;
    static final String USAGE = "usage: plan (--stack NAME | --config FILE) [--out DIR]";
    /** Pulumi's stack names (without an organization): no path separators, so Pulumi.NAME.yaml stays in this directory. */
    private static final java.util.regex.Pattern STACK_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Map<String, String> VALUE_FLAGS = Map.of(
            "--stack", "a stack name (e.g. --stack dev)",
            "--config", "a stack config file (e.g. --config Pulumi.dev.yaml)",
            "--out", "a directory (e.g. --out plan/dev)");

    private PlanCommand() {
    }

    /**
     * @param program the stack program, as {@code pulumi up} runs it (passed in, so the command does not depend on
     *                the entry point)
     */
    public static int run(String[] args, PrintStream out, PrintStream err, StackEvaluation.Program program) {
        Arguments.Parsed parsed;
        try {
            // --stack NAME reads Pulumi.NAME.yaml; --config FILE is a stack file itself: two answers to one question.
            parsed = Arguments.parse(args, VALUE_FLAGS, Set.of(), List.of(List.of("--stack", "--config")));
        } catch (Arguments.BadArguments e) {
            err.println("plan: " + e.getMessage() + "\n" + USAGE);
            return BAD_INPUT;
        }
        if (parsed.help()) {
            out.println(USAGE);
            return OK;
        }
        var stack = parsed.value("--stack");
        var configFile = parsed.value("--config").map(Path::of);
        var outDir = parsed.value("--out").map(Path::of);
        if (stack.isEmpty() && configFile.isEmpty()) {
            err.println("plan: give --stack NAME or --config FILE\n" + USAGE);
            return BAD_INPUT;
        }
        if (configFile.isPresent()) {
            try {
                StackFiles.checkIsStackFile(configFile.get());
            } catch (StackFiles.StackFileException e) {
                err.println("plan: " + e.getMessage());
                return BAD_INPUT;
            }
        }
        if (stack.isPresent() && !STACK_NAME.matcher(stack.get()).matches()) {
            err.println("plan: --stack " + stack.get() + " is not a stack name: a stack name has letters, digits, '-', '_' and '.'"
                    + " (it reads Pulumi.<name>.yaml in this directory; for a stack file elsewhere, give --config FILE)");
            return BAD_INPUT;
        }
        var config = configFile;
        var stackName = stack.orElseGet(() -> stackNameOf(config.get()));
        // Pulumi.yaml beside the stack file, as Pulumi lays a project out; for a stack file kept elsewhere, the one in
        // the working directory (like `pulumi --config-file`).
        var stackDir = configFile.map(file -> Optional.ofNullable(file.getParent()).orElse(Path.of(""))).orElse(Path.of(""));
        var stackFile = configFile.orElse(Path.of("Pulumi." + stackName + ".yaml"));
        var candidates = List.of(stackDir.resolve("Pulumi.yaml"), Path.of("Pulumi.yaml"));
        var projectFile = candidates.stream().filter(Files::isRegularFile).findFirst();
        if (projectFile.isEmpty()) {
            err.println("plan: no Pulumi.yaml: looked for " + candidates.stream().map(p -> p.toAbsolutePath().normalize().toString())
                    .distinct().collect(java.util.stream.Collectors.joining(" and ")));
            return BAD_INPUT;
        }
        var projectDir = Optional.ofNullable(projectFile.get().getParent()).orElse(Path.of(""));
        if (configFile.isEmpty() && !Files.isRegularFile(stackFile)) {
            err.println("plan: no stack '" + stackName + "': " + stackFile + " does not exist"
                    + StackFiles.stacksIn(projectDir).map(names -> "; stacks here: " + String.join(", ", names)).orElse(""));
            return BAD_INPUT;
        }
        var dir = outDir.orElse(projectDir.resolve("plan").resolve(stackName));

        PlanDirectory target;
        StackFiles files;
        try {
            target = PlanDirectory.check(dir, List.of(projectDir, Path.of("")), Path.of(System.getProperty("user.home")));
            files = StackFiles.load(projectFile.get(), stackFile, stackName);
        } catch (PlanDirectory.UnsafeTargetException | StackFiles.StackFileException e) {
            err.println("plan: " + e.getMessage());
            return BAD_INPUT;
        }
        var referencedOutput = files.projectValue(ConfigKey.CLUSTER_STACK_OUTPUT.key(), "kubeconfig");
        var evaluation = StackEvaluation.run(files.project(), files.stack(), files.config(), files.secretKeys(),
                new PlaceholderMocks(List.of(referencedOutput)), program);
        if (!evaluation.succeeded()) {
            evaluation.errors().forEach(message -> err.println("error: " + message));
            boolean badConfig = evaluation.exceptions().stream().anyMatch(PlanCommand::isConfigError);
            if (evaluation.errors().isEmpty()) {
                evaluation.exceptions().forEach(e -> err.println("error: " + e));
            }
            return badConfig ? BAD_INPUT : FAILED;
        }
        try {
            target.replaceWith(staging -> PlanWriter.write(staging, files, evaluation));
        } catch (IOException e) {
            err.println("plan: cannot write " + dir + ": " + e.getMessage());
            return FAILED;
        }
        printSummary(out, files, evaluation, dir);
        return OK;
    }

    private static boolean isConfigError(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigException) {
                return true;
            }
        }
        return false;
    }

    /** {@code Pulumi.prod.yaml} is stack {@code prod}; any other file name names the stack after itself. */
    static String stackNameOf(Path configFile) {
        var name = configFile.getFileName().toString();
        var matcher = StackFiles.STACK_FILE.matcher(name);
        return matcher.matches() ? matcher.group(1) : name.replaceFirst("\\.ya?ml$", "");
    }

    private static void printSummary(PrintStream out, StackFiles files, StackEvaluation evaluation, Path dir) {
        out.println("Plan of " + files.project() + "/" + files.stack()
                + " (offline: evaluated under the Pulumi SDK's mock engine; no cloud or cluster was contacted)");
        out.println();
        out.println("Resources (" + evaluation.resources().size() + "):");
        printTree(out, evaluation.resources(), Optional.empty(), "");
        out.println();
        out.println("Outputs:");
        int width = evaluation.outputs().keySet().stream().mapToInt(String::length).max().orElse(0);
        evaluation.redactedOutputs().forEach((name, value) -> {
            var text = String.valueOf(value);
            var shown = text.contains("\n") ? text.lines().findFirst().orElse("") + " ..." : text;
            boolean placeholder = Placeholders.isPlaceholder(text);
            out.printf("  %-" + width + "s  %s%s%n", name, shown.isEmpty() ? "\"\"" : shown,
                    placeholder ? "   [placeholder: known after pulumi up]" : "");
        });
        out.println();
        out.println("Kubernetes objects:");
        for (var manifest : PlanWriter.manifests(evaluation)) {
            out.printf("  %-18s %s/%s  (manifests/%s)%n", manifest.kind(), manifest.namespace(), manifest.name(), manifest.fileName());
        }
        for (var release : evaluation.ofType(PlanWriter.RELEASE_TYPE)) {
            out.printf("  %-18s %s/%s  chart %s %s from %s  (helm/%s.values.yaml)%n", "HelmRelease",
                    release.input("namespace"), release.input("name"), release.input("chart"), release.input("version"),
                    Optional.ofNullable(release.input("repositoryOpts", "repo")).orElse("its oci reference"), release.input("name"));
        }
        out.println();
        for (var warning : evaluation.warnings()) {
            out.println("warning: " + warning);
        }
        out.println("Written to " + dir + "/");
    }

    private static void printTree(PrintStream out, List<RecordedResource> all, Optional<String> parent, String indent) {
        var children = all.stream().filter(r -> r.parent().equals(parent)).toList();
        for (int i = 0; i < children.size(); i++) {
            var child = children.get(i);
            boolean last = i == children.size() - 1;
            var branch = parent.isEmpty() ? "" : (last ? "└─ " : "├─ ");
            var notes = new ArrayList<String>();
            if (child.protect()) {
                notes.add("protected");
            }
            if (child.retainOnDelete()) {
                // Offline, adoption is only possible: up's cluster check keeps what it finds there, creates the rest.
                notes.add(child.input("metadata", "annotations", Ownership.ADOPTED_ANNOTATION) != null
                        ? "kept on destroy if up finds it made by someone else and takes it over; deleted if up creates it"
                        : "kept on destroy");
            }
            if (!child.secretPaths().isEmpty()) {
                notes.add("secret: " + String.join(", ", child.secretPaths()));
            }
            out.println("  " + indent + branch + child.name() + "  " + child.type() + (notes.isEmpty() ? "" : "  (" + String.join("; ", notes) + ")"));
            var nextIndent = parent.isEmpty() ? "" : indent + (last ? "   " : "│  ");
            printTree(out, all, Optional.of(child.name()), nextIndent);
        }
    }
}
