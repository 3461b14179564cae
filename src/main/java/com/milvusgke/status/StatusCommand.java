package com.milvusgke.status;

import com.milvusgke.cli.Arguments;
import com.milvusgke.cli.ExitCode;
import com.milvusgke.k8s.HttpKubeApi;
import com.milvusgke.k8s.KubeApi;
import com.milvusgke.k8s.Kubeconfig;
import com.milvusgke.plan.StackFiles;
import com.milvusgke.verify.DeployedOutputs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code status}: where a deployed stack's rollout is, stage by stage (see {@link Stage}), read from the cluster with
 * the read-only client the cluster check uses and from the stack's outputs. With {@code --wait} it reads again every
 * {@code --interval} seconds, printing a line per change, until every stage is done or {@code --timeout} passes.
 */
public final class StatusCommand {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(75);
    static final int DEFAULT_INTERVAL_SECONDS = 15;
    static final String USAGE = """
            usage: status [--stack NAME | --outputs FILE|-] [--kubeconfig FILE] [--hosts-file FILE] [--wait]
                          [--timeout DURATION] [--interval SECONDS] [--skip-outside]
              Where the rollout of a deployed stack is, one line per stage, in order:
                release        the Helm release is deployed and the pods behind the Milvus Service are Ready
                address        the Ingress has the static IP (GKE writes it once the forwarding rule exists)
                load-balancer  GKE recorded its url map, HTTPS proxy and forwarding rule on the Ingress
                backends       each backend's health as GKE's health check sees it (Milvus gRPC, Milvus REST)
                certificate    the ManagedCertificate and each domain's status, or the self-managed certificate's expiry
                dns            the domain resolves to the static IP
                outside        verify's checks from a client's side (once every stage above is done)
              Each line is [done], [waiting] (GKE is working on it), [blocked] (it needs you; the line says what to do)
              or [skipped].
              --stack NAME         read that stack through the pulumi CLI, run in the project's directory: its outputs,
                                   and the kubeconfig it deploys with (its kubeconfig config, else its clusterStack's
                                   output, else the ambient kubeconfig); secrets stay in memory, never printed
              --outputs FILE|-     `pulumi stack output --json --show-secrets` (default without --stack: standard input)
              --kubeconfig FILE    the cluster's kubeconfig (default: the stack's with --stack, else $KUBECONFIG, else
                                   ~/.kube/config); only GETs are made
              --hosts-file FILE    resolve the domain from this hosts file (lines "IP NAME...") instead of DNS;
                                   also $MILVUS_GKE_HOSTS_FILE
              --wait               read again every --interval seconds until every stage is done, printing each change
              --timeout DURATION   how long --wait waits, e.g. 90m, 2h, 300s (default 75m: a Google-managed
                                   certificate takes 15-60 minutes once DNS points at the static IP)
              --interval SECONDS   between reads with --wait, 1 to 600 (default 15)
              --skip-outside       leave out the outside stage (e.g. where the load balancer cannot be reached)
              exit 0 every stage done, 2 bad input, 6 a stage not done (with --wait: not within --timeout; the last
              lines name each stage that is not done and what to do)""";
    private static final Map<String, String> OPTIONS = Map.of(
            "--stack", "a stack name such as dev or acme/milvus-gke-l7/prod",
            "--outputs", "a file of `pulumi stack output --json --show-secrets`, or - for standard input",
            "--kubeconfig", "a kubeconfig file",
            "--hosts-file", "a hosts file (lines \"IP NAME...\")",
            "--timeout", "a duration such as 90m, 2h or 300s",
            "--interval", "a whole number of seconds from 1 to 600");
    private static final String WAIT = "--wait";
    private static final String SKIP_OUTSIDE = "--skip-outside";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smh])");

    /** How the command reaches the cluster, the pulumi CLI, and waits; tests give their own. */
    interface Environment {
        KubeApi connect(Kubeconfig kubeconfig) throws IOException;

        /** {@code pulumi ARGS...} in the working directory: its standard output, or what it said when it failed. */
        String pulumi(List<String> args) throws IOException;

        Clock clock();

        void sleep(Duration duration) throws InterruptedException;

        Map<String, String> variables();
    }

    record Options(Optional<String> stack, Optional<String> outputsFile, Optional<String> kubeconfig, Optional<String> hostsFile,
                   boolean waitUntilDone, Duration timeout, Duration interval, boolean skipOutside) {
    }

    /** The project file {@code --stack} reads the config namespace from (the pulumi CLI runs beside it). */
    static final Path PROJECT_FILE = Path.of("Pulumi.yaml");

    private StatusCommand() {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Map<String, String> variables) {
        return run(args, stdin, out, err, new Environment() {
            @Override
            public KubeApi connect(Kubeconfig kubeconfig) throws IOException {
                return HttpKubeApi.connect(kubeconfig);
            }

            @Override
            public String pulumi(List<String> args) throws IOException {
                return PulumiProcess.run(args);
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }

            @Override
            public Map<String, String> variables() {
                return variables;
            }
        });
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Environment environment) {
        Options options;
        try {
            options = parseArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("status: " + e.getMessage() + "\n" + USAGE);
            return ExitCode.BAD_INPUT;
        }
        if (options == null) {
            out.println(USAGE);
            return ExitCode.OK;
        }
        RolloutOutputs outputs;
        KubeApi api;
        Optional<StackSource.Read> stack = Optional.empty();
        if (options.stack().isPresent()) {
            try {
                stack = Optional.of(StackSource.read(environment::pulumi, options.stack().get(), StackFiles.projectName(PROJECT_FILE)));
            } catch (StackFiles.StackFileException e) {
                err.println("status: --stack runs the pulumi CLI in the project's directory, but here " + e.getMessage());
                return ExitCode.BAD_INPUT;
            } catch (StackSource.StackReadException e) {
                err.println("status: cannot read stack " + options.stack().get() + ": " + e.getMessage());
                return ExitCode.BAD_INPUT;
            }
        }
        try {
            outputs = RolloutOutputs.parse(stack.isPresent() ? stack.get().outputsJson() : readOutputs(options.outputsFile(), stdin));
        } catch (DeployedOutputs.InvalidOutputsException e) {
            err.println("status: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        } catch (IOException e) {
            err.println("status: cannot read the stack outputs: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        var hostsFile = options.hostsFile().or(() -> Optional.ofNullable(environment.variables().get(Resolver.HOSTS_FILE_ENV))
                .filter(f -> !f.isBlank()));
        if (hostsFile.isPresent() && !Files.isReadable(Path.of(hostsFile.get()))) {
            err.println("status: the hosts file " + hostsFile.get() + " cannot be read");
            return ExitCode.BAD_INPUT;
        }
        var resolver = hostsFile.map(f -> Resolver.hostsFile(Path.of(f))).orElseGet(Resolver::system);
        String clusterFrom;
        try {
            Kubeconfig kubeconfig;
            if (options.kubeconfig().isPresent()) {
                var file = Path.of(options.kubeconfig().get());
                kubeconfig = Kubeconfig.parse(Files.readString(file), file.toAbsolutePath().getParent());
                clusterFrom = "--kubeconfig " + file;
            } else if (stack.isPresent() && stack.get().kubeconfig().isPresent()) {
                kubeconfig = Kubeconfig.parse(stack.get().kubeconfig().get(), Path.of("").toAbsolutePath());
                clusterFrom = stack.get().from();
            } else {
                kubeconfig = Kubeconfig.ambient(environment.variables());
                clusterFrom = stack.map(StackSource.Read::from).orElse("the ambient kubeconfig");
            }
            clusterFrom = kubeconfig.server() + ", from " + clusterFrom;
            api = environment.connect(kubeconfig);
        } catch (IOException e) {
            err.println("status: cannot use the kubeconfig: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }

        var clock = environment.clock();
        var start = clock.instant();
        out.println("Rollout of " + outputs.deployed().domain() + " (release " + outputs.namespace() + "/" + outputs.releaseName() + ", "
                + outputs.deployed().certificateMode().configValue() + " certificate, static IP " + outputs.deployed().staticIpAddress() + ")");
        out.println("Cluster: " + clusterFrom);
        List<StageReport> previous = null;
        while (true) {
            var now = clock.instant();
            var reports = Rollout.read(outputs, ClusterView.read(api, outputs), resolver, now, options.skipOutside(), hostsFile.isPresent());
            var elapsed = Duration.between(start, now);
            for (int i = 0; i < reports.size(); i++) {
                var line = reports.get(i).line();
                if (previous == null) {
                    out.println(line);
                } else if (!previous.get(i).line().equals(line)) {
                    out.println("[+" + format(elapsed) + "] " + line);
                }
            }
            out.flush();
            previous = reports;
            if (Rollout.complete(reports, options.skipOutside())) {
                out.println("status: every stage done" + (options.waitUntilDone() ? " after " + format(elapsed) : ""));
                return ExitCode.OK;
            }
            var remaining = options.timeout().minus(elapsed);
            if (!options.waitUntilDone() || remaining.isNegative() || remaining.isZero()) {
                var notDone = reports.stream().filter(r -> !r.done() && !(options.skipOutside() && r.stage() == Stage.OUTSIDE)).toList();
                out.println("status: not done" + (options.waitUntilDone() ? " after " + format(elapsed) + " (--timeout " + format(options.timeout()) + ")" : "")
                        + "; " + (notDone.size() == 1 ? "this stage is" : "these stages are") + " not done:");
                notDone.forEach(r -> out.println("  " + r.line()));
                out.println("status: exit " + ExitCode.ROLLOUT_NOT_DONE + " (first not done: " + notDone.get(0).stage().label() + ")");
                return ExitCode.ROLLOUT_NOT_DONE;
            }
            try {
                environment.sleep(options.interval().compareTo(remaining) < 0 ? options.interval() : remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.FAILED;
            }
        }
    }

    /** Returns null for --help. */
    static Options parseArgs(String[] args) {
        Arguments.Parsed parsed;
        try {
            parsed = Arguments.parse(args, OPTIONS, Set.of(WAIT, SKIP_OUTSIDE));
        } catch (Arguments.BadArguments e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (parsed.help()) {
            return null;
        }
        var timeout = parsed.value("--timeout").map(StatusCommand::duration).orElse(DEFAULT_TIMEOUT);
        var interval = parsed.value("--interval").map(StatusCommand::interval).orElse(DEFAULT_INTERVAL_SECONDS);
        var stack = parsed.value("--stack");
        if (stack.isPresent() && parsed.value("--outputs").isPresent()) {
            throw new IllegalArgumentException("give --stack (read the outputs through the pulumi CLI) or --outputs, not both");
        }
        if (stack.isPresent() && !StackSource.isStackName(stack.get())) {
            throw new IllegalArgumentException("--stack must be a stack name such as dev or acme/milvus-gke-l7/prod, not '" + stack.get() + "'");
        }
        return new Options(stack, parsed.value("--outputs"), parsed.value("--kubeconfig"), parsed.value("--hosts-file"), parsed.has(WAIT),
                timeout, Duration.ofSeconds(interval), parsed.has(SKIP_OUTSIDE));
    }

    static Duration duration(String text) {
        var m = DURATION.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("--timeout must be a positive whole number of seconds, minutes or hours such as 300s, 90m or 2h, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static int interval(String text) {
        try {
            int seconds = Integer.parseInt(text);
            if (seconds >= 1 && seconds <= 600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--interval must be a whole number of seconds from 1 to 600, not '" + text + "'");
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m " + (s % 60) + "s" : (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }

    private static String readOutputs(Optional<String> file, InputStream stdin) throws IOException {
        if (file.isPresent() && !file.get().equals("-")) {
            return Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
        }
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    }
}
