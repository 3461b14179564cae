package com.milvusgke.verify;

import com.milvusgke.cli.Arguments;
import com.milvusgke.verify.VerifyReport.Step;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * {@code verify [--outputs FILE|-] [--address HOST_OR_IP] [--timeout-seconds N] [--skip-milvus]}: checks a
 * deployed stack from the outside, the way a Milvus client reaches it. It reads the stack's outputs as printed by
 * {@code pulumi stack output --json} (from FILE, or standard input when FILE is {@code -} or not given), then:
 * <ol>
 *   <li>dns: the domain resolves to {@code staticIpAddress}. If not, a warning naming the A record to create,
 *       and the next steps go to {@code staticIpAddress} (or {@code --address}) directly, still as the domain;</li>
 *   <li>tcp: the load balancer's port accepts a connection;</li>
 *   <li>tls: the handshake with SNI = domain succeeds, the chain and the host name checked against
 *       {@code certificatePem} only (self-managed) or the JVM's default trust store (google-managed);</li>
 *   <li>alpn: offered only {@code h2}, the server selects {@code h2} (gRPC needs HTTP/2);</li>
 *   <li>milvus: through the Milvus Java SDK, the server's version and its health check
 *       (unless {@code --skip-milvus}).</li>
 * </ol>
 * Each step prints one line, {@code [ok|warn|fail|skip] step: ...}; after a failure the later steps are skipped.
 * {@code --timeout-seconds} (default 10) bounds each network wait: the DNS lookup, the TCP connect, the TLS
 * handshake, and each Milvus call (connect, version, health), so the Milvus step takes at most 3N seconds.
 *
 * <p>Exit codes:
 * <ul>
 *   <li>0: every step passed (warnings allowed, e.g. DNS not pointing at the stack yet);</li>
 *   <li>2: bad input: the outputs are unreadable, not JSON, miss a key or have a bad value; or bad arguments;</li>
 *   <li>3: not reachable: the TCP connection failed or timed out;</li>
 *   <li>4: TLS wrong: handshake, certificate or host name check failed, or ALPN did not select h2;</li>
 *   <li>5: Milvus unhealthy: the SDK call failed, timed out, or the server reports itself unhealthy.</li>
 * </ul>
 * Nothing secret is printed, and the certificate only as its subject, expiry and SHA-256 fingerprint.
 */
public final class VerifyCommand {
    static final String USAGE = "usage: verify [--outputs FILE|-] [--address HOST_OR_IP] [--timeout-seconds N] [--skip-milvus]\n"
            + "  reads `pulumi stack output --json` (FILE, or standard input when FILE is - or not given)\n"
            + "  exit 0 ok (warnings allowed), 2 bad input, 3 not reachable, 4 TLS/ALPN wrong, 5 Milvus unhealthy";
    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    static final int MAX_TIMEOUT_SECONDS = 600;

    private VerifyCommand() {
    }

    /** Parsed command line. */
    record Options(Optional<String> outputsFile, Optional<String> address, Duration timeout, boolean skipMilvus) {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return run(args, stdin, out, err, new SdkMilvusProbe());
    }

    /** As {@link #run(String[], InputStream, PrintStream, PrintStream)}, with the Milvus check given. */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, MilvusProbe milvus) {
        Options options;
        try {
            options = parseArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("verify: " + e.getMessage() + "\n" + USAGE);
            return VerifyReport.BAD_INPUT;
        }
        if (options == null) {
            out.println(USAGE);
            return VerifyReport.OK;
        }

        DeployedOutputs outputs;
        SSLContext trust;
        try {
            outputs = DeployedOutputs.parse(readOutputs(options.outputsFile(), stdin, err));
            trust = outputs.selfManaged() ? TlsProbe.trusting(outputs.certificatePem()) : TlsProbe.trustingDefaultStore();
        } catch (DeployedOutputs.InvalidOutputsException e) {
            err.println("verify: " + e.getMessage());
            return VerifyReport.BAD_INPUT;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("verify: --outputs " + e.getFile() + ": there is no such file; write it with `pulumi stack output --json -s"
                    + " <stack> > " + e.getFile() + "`, or pipe that command into verify without --outputs");
            return VerifyReport.BAD_INPUT;
        } catch (IOException e) {
            err.println("verify: cannot read the stack outputs" + options.outputsFile().map(f -> " from " + f).orElse("") + ": "
                    + readProblem(e) + "; give the file `pulumi stack output --json -s <stack>` wrote, or pipe that command in");
            return VerifyReport.BAD_INPUT;
        } catch (GeneralSecurityException e) {
            err.println("verify: stack outputs: certificatePem is not a readable PEM certificate (expected the certificatePem"
                    + " output of a deployed stack, as `pulumi stack output --json` prints it)");
            return VerifyReport.BAD_INPUT;
        }

        var report = new VerifyReport(out);
        var trustText = outputs.selfManaged() ? "trusting only the stack's certificatePem" : "trusting the JVM's default CA store";
        out.println("Verifying " + outputs.domain() + ":" + outputs.port() + " (" + outputs.certificateMode().configValue()
                + " certificate, " + trustText + ")");

        boolean domainPointsAtStack = DnsCheck.check(outputs, options, report);
        var target = options.address().orElse(outputs.staticIpAddress());
        var milvusHost = domainPointsAtStack && options.address().isEmpty() ? outputs.domain() : target;
        var probe = new TlsProbe(trust, options.timeout());

        if (ConnectionCheck.check(probe, target, outputs, options.timeout(), report)) {
            MilvusCheck.check(milvus, new MilvusProbe.Target(milvusHost, outputs.port(), outputs.domain(),
                    outputs.selfManaged() ? Optional.of(outputs.certificatePem()) : Optional.empty(), options.timeout(),
                    outputs.credentials()),
                    options, report);
            outputs.restEndpoint().ifPresent(rest -> RestCheck.check(probe, target, outputs, rest, options, report));
        } else {
            report.skip(Step.MILVUS, "not run: " + report.firstFailure().map(l -> l.step().label()).orElse("") + " failed");
        }
        out.println(report.summary());
        return report.exitCode();
    }

    private static final Map<String, String> OPTIONS = Map.of(
            "--outputs", "a file of `pulumi stack output --json`, or - for standard input",
            "--address", "a host name or IP address to connect to",
            "--timeout-seconds", "a whole number of seconds from 1 to " + MAX_TIMEOUT_SECONDS);
    private static final String SKIP_MILVUS = "--skip-milvus";

    /** Returns null for --help. */
    static Options parseArgs(String[] args) {
        Arguments.Parsed parsed;
        try {
            parsed = Arguments.parse(args, OPTIONS, Set.of(SKIP_MILVUS));
        } catch (Arguments.BadArguments e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (parsed.help()) {
            return null;
        }
        var address = parsed.value("--address");
        address.filter(a -> !DeployedOutputs.isIpLiteral(a) && !DeployedOutputs.isHostname(a)).ifPresent(a -> {
            throw new IllegalArgumentException("--address '" + a + "' is neither an IP address nor a host name");
        });
        int timeoutSeconds = parsed.value("--timeout-seconds").map(VerifyCommand::timeoutSeconds).orElse(DEFAULT_TIMEOUT_SECONDS);
        return new Options(parsed.value("--outputs"), address, Duration.ofSeconds(timeoutSeconds), parsed.has(SKIP_MILVUS));
    }

    private static int timeoutSeconds(String value) {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--timeout-seconds must be a whole number from 1 to " + MAX_TIMEOUT_SECONDS + ", not '" + value + "'");
    }

    /** Why a file could not be read, in words rather than an exception's class name. */
    private static String readProblem(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e.getMessage() != null && e.getMessage().contains("directory")) {
            return "it is a directory";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "it is not text";
        }
        return e.getMessage() == null ? "it cannot be read" : e.getMessage();
    }

    private static String readOutputs(Optional<String> file, InputStream stdin, PrintStream err) throws IOException {
        if (file.isPresent() && !file.get().equals("-")) {
            return Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
        }
        if (file.isEmpty() && stdin == System.in && System.console() != null) {
            err.println("verify: reading the stack outputs from the terminal; pipe in `pulumi stack output --json` "
                    + "or give --outputs FILE (end input with Ctrl-D)");
        }
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    }

}
