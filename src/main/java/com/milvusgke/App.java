package com.milvusgke;

import com.milvusgke.cli.ExitCode;
import com.milvusgke.cli.Usage;
import com.milvusgke.config.ConfigSource;
import com.milvusgke.launch.Launcher;
import com.milvusgke.launch.ProgramExit;
import com.milvusgke.config.SecurityWarnings;
import com.milvusgke.config.StackConfigParser;
import com.milvusgke.milvus.UserValuesCheck;
import com.milvusgke.plan.PlanCommand;
import com.milvusgke.stack.MilvusL7Stack;
import com.milvusgke.status.StatusCommand;
import com.milvusgke.verify.VerifyCommand;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.deployment.Deployment;
import com.milvusgke.k8s.ClusterCheck;
import com.milvusgke.k8s.ExistingObjectsCheck;
import com.milvusgke.k8s.LiveClusterCheck;
import com.milvusgke.k8s.Ownership;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Entry point. Started by the Pulumi engine (no arguments) it is the Pulumi program; {@code plan} evaluates the
 * same program offline and writes what each provider would receive; {@code verify} checks a deployed stack from a
 * client's side (DNS, TLS with the server name, HTTP/2, a real Milvus call); {@code status} follows the rollout
 * stage by stage (release, Ingress address, load balancer, backend health, certificate, DNS, verify). Run by a person without a command, it
 * prints the usage.
 */
public final class App {
    /** Held strongly: java.util.logging forgets the level of a logger nothing references. */
    private static final java.util.logging.Logger SDK_DIAGNOSTICS_LOGGER =
            java.util.logging.Logger.getLogger("com.pulumi.deployment.internal.DeploymentImpl");

    /** The SDK's logger of what it also sends to the engine (pulumi-java 1.36.1). */
    private static final String ENGINE_LOGGER_CLASS = "com.pulumi.deployment.internal.DeploymentImpl$DefaultEngineLogger";

    private App() {
    }

    public static void main(String[] args) {
        stopWithLauncher(System.getProperty(Launcher.PARENT_PID_PROPERTY));
        int code = dispatch(args, System.getenv(), System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
        // The SDK sends every diagnostic to the engine, which shows it once, and also logs it to java.util.logging,
        // which the engine shows again as "SEVERE: ..." stdout lines under the stack: keep only the engine's copy.
        SDK_DIAGNOSTICS_LOGGER.setFilter(record -> !ENGINE_LOGGER_CLASS.equals(record.getSourceClassName()));
        var environment = System.getenv();
        int exitCode = Pulumi.runAsync(ctx -> program(ctx, ConfigSource.engineKeys(environment.get("PULUMI_CONFIG")),
                ConfigSource.engineSecretKeys(environment.get("PULUMI_CONFIG_SECRET_KEYS")),
                check -> LiveClusterCheck.of(check, environment, Deployment.getInstance().isDryRun(), ctx.log()::warn))).join();
        ProgramExit.exit(exitCode);
    }

    /**
     * Started by {@link Launcher}: if that JVM goes (the language host kills it when the engine cancels a run), this
     * one stops too instead of running on alone.
     */
    private static void stopWithLauncher(String parentPid) {
        if (parentPid == null) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(parentPid))
                    .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(ExitCode.FAILED)));
        } catch (NumberFormatException e) {
            // not ours to interpret
        }
    }

    /** Runs a command and returns its exit code, or -1 when the Pulumi engine started the program. */
    static int dispatch(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        var command = args.length == 0 ? "" : args[0];
        var rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "plan":
                return PlanCommand.run(rest, out, err, App::program);
            case "verify":
                return VerifyCommand.run(rest, System.in, out, err);
            case "status":
                return StatusCommand.run(rest, System.in, out, err, environment);
            default:
                break;
        }
        if (Usage.underEngine(environment)) {
            return -1;
        }
        if (Usage.isHelp(command)) {
            out.println(Usage.TEXT);
            return ExitCode.OK;
        }
        err.println((command.isEmpty() ? "no command given" : "unknown command '" + command + "'") + "\n" + Usage.TEXT);
        return ExitCode.BAD_INPUT;
    }

    /**
     * Reads and validates config once, then declares the stack. Nothing is registered if config is bad. Without a
     * cluster (offline: {@code plan}, the SDK's mocks), so the cluster check is skipped.
     *
     * @param configKeys every config key the engine passed (qualified), so that unknown keys are reported
     */
    public static void program(Context ctx, Set<String> configKeys, Set<String> secretKeys) {
        program(ctx, configKeys, Optional.of(secretKeys), check -> ClusterCheck.OFFLINE);
    }

    /**
     * @param secretKeys   which config keys are secrets (qualified), when known
     * @param clusterCheck how the stack looks at the cluster before creating anything there
     */
    static void program(Context ctx, Set<String> configKeys, Optional<Set<String>> secretKeys,
                        Function<ExistingObjectsCheck, ClusterCheck> clusterCheck) {
        var config = StackConfigParser.parse(ConfigSource.of(ctx.config(), ctx.stackName(), configKeys, secretKeys), UserValuesCheck::all);
        // On every preview and up (and in plan's summary), while the endpoint is open to anyone.
        SecurityWarnings.of(config).forEach(warning -> ctx.log().warn(warning));
        var stack = Ownership.stackIdentity(ctx.organizationName(), ctx.projectName(), ctx.stackName());
        new MilvusL7Stack("milvus-l7", MilvusL7Stack.Args.from(config, stack, clusterCheck), null).outputs().exportTo(ctx);
    }
}
