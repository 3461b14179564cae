package com.milvusgke.verify;

import com.milvusgke.verify.VerifyReport.Step;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

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
    static final List<String> ALPN_H2 = List.of("h2");

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
        } catch (IOException e) {
            err.println("verify: cannot read the stack outputs: " + e.getMessage());
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

        boolean domainPointsAtStack = checkDns(outputs, options, report);
        var target = options.address().orElse(outputs.staticIpAddress());
        var milvusHost = domainPointsAtStack && options.address().isEmpty() ? outputs.domain() : target;
        var probe = new TlsProbe(trust, options.timeout());

        if (checkTcpTlsAlpn(probe, target, outputs, options.timeout(), report)) {
            checkMilvus(milvus, new MilvusProbe.Target(milvusHost, outputs.port(), outputs.domain(),
                    outputs.selfManaged() ? Optional.of(outputs.certificatePem()) : Optional.empty(), options.timeout()),
                    options, report);
            outputs.restEndpoint().ifPresent(rest -> checkRest(probe, target, outputs, rest, options, report));
        } else {
            report.skip(Step.MILVUS, "not run: " + report.firstFailure().map(l -> l.step().label()).orElse("") + " failed");
        }
        out.println(report.summary());
        return report.exitCode();
    }

    /** Returns null for --help. */
    static Options parseArgs(String[] args) {
        Optional<String> outputsFile = Optional.empty();
        Optional<String> address = Optional.empty();
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        boolean skipMilvus = false;
        for (int i = 0; i < args.length; i++) {
            var flag = args[i];
            switch (flag) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--skip-milvus" -> skipMilvus = true;
                case "--outputs", "--address", "--timeout-seconds" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    var value = args[++i].trim();
                    switch (flag) {
                        case "--outputs" -> outputsFile = Optional.of(value);
                        case "--address" -> {
                            if (!DeployedOutputs.isIpLiteral(value) && !DeployedOutputs.isHostname(value)) {
                                throw new IllegalArgumentException("--address '" + value + "' is neither an IP address nor a host name");
                            }
                            address = Optional.of(value);
                        }
                        default -> timeoutSeconds = timeoutSeconds(value);
                    }
                }
                default -> throw new IllegalArgumentException("unexpected argument '" + flag + "'");
            }
        }
        return new Options(outputsFile, address, Duration.ofSeconds(timeoutSeconds), skipMilvus);
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

    /** Step 1. True when the domain resolves to the static IP; a warning (never a failure) otherwise. */
    private static boolean checkDns(DeployedOutputs outputs, Options options, VerifyReport report) {
        var domain = outputs.domain();
        var expected = outputs.staticIpAddress();
        var recordType = expected.contains(":") ? "AAAA" : "A";
        var record = domain + ". " + recordType + " " + expected;
        var instead = "; checking " + options.address().map(a -> a + " (--address)").orElse(expected)
                + " directly, as " + domain
                + (outputs.selfManaged() ? "" : " (Google issues the managed certificate only once the record points at the stack)");
        List<String> resolved;
        try {
            resolved = bounded(() -> Arrays.stream(InetAddress.getAllByName(domain)).map(InetAddress::getHostAddress).toList(),
                    options.timeout(), "dns-lookup");
        } catch (Exception e) {
            var reason = e instanceof TimeoutException ? "no DNS answer within " + options.timeout().toSeconds() + "s"
                    : "does not resolve";
            report.warn(Step.DNS, domain + " " + reason + "; create the record \"" + record + "\"" + instead);
            return false;
        }
        var expectedAddress = canonical(expected);
        if (resolved.stream().map(VerifyCommand::canonical).anyMatch(expectedAddress::equals)) {
            report.ok(Step.DNS, domain + " resolves to " + expected
                    + options.address().map(a -> "; checking " + a + " (--address) as asked").orElse(""));
            return true;
        }
        report.warn(Step.DNS, domain + " resolves to " + String.join(", ", resolved) + ", not " + expected
                + "; point the record at the stack: \"" + record + "\"" + instead);
        return false;
    }

    /** Milvus REST v2: lists collections with an empty body; answers HTTP 200 with {"code": 0, "data": [...]}. */
    static final String REST_CALL = "/v2/vectordb/collections/list";

    /** One real REST call over TLS, as a REST client of the stack would make it. */
    private static void checkRest(TlsProbe probe, String host, DeployedOutputs outputs, String restEndpoint, Options options,
                                  VerifyReport report) {
        if (options.skipMilvus()) {
            report.skip(Step.REST, "not run (--skip-milvus)");
            return;
        }
        var where = "https://" + outputs.domain() + REST_CALL;
        try {
            var answer = probe.post(probe.connect(new InetSocketAddress(InetAddress.getByName(host), outputs.port())),
                    outputs.domain(), REST_CALL, "{}");
            var code = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*(-?\\d+)").matcher(answer.body());
            if (answer.status() == 200 && code.find() && code.group(1).equals("0")) {
                report.ok(Step.REST, "POST " + where + ": HTTP 200, code 0 (REST API reachable through " + restEndpoint + ")");
            } else if (answer.status() == 200 && code.find(0)) {
                report.fail(Step.REST, "POST " + where + ": Milvus answered code " + code.group(1) + ": "
                        + abbreviate(answer.body()) + " (authentication on? the REST API needs a token like the gRPC one)");
            } else {
                report.fail(Step.REST, "POST " + where + ": HTTP " + answer.status() + " " + abbreviate(answer.body())
                        + (answer.status() == 404 ? " (is restApi on in the stack, and the Ingress path /v2/vectordb programmed?)"
                        : answer.status() >= 500 ? " (the load balancer has no healthy REST backend: check the REST Service's endpoints)" : ""));
            }
        } catch (IOException | RuntimeException e) {
            report.fail(Step.REST, "POST " + where + " failed: " + TlsProbe.describe(e));
        }
    }

    private static String abbreviate(String body) {
        var oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }

    /** Warn this long before the served certificate expires. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /** A warning when the served certificate expires within {@link #EXPIRY_WARNING}, saying what renews it. */
    static Optional<String> expiryWarning(java.security.cert.X509Certificate leaf, java.time.Instant now, boolean selfManaged) {
        var notAfter = leaf.getNotAfter().toInstant();
        var left = Duration.between(now, notAfter);
        if (left.compareTo(EXPIRY_WARNING) >= 0) {
            return Optional.empty();
        }
        var when = notAfter.toString().substring(0, 10) + " (in " + Math.max(0, left.toDays()) + " days)";
        return Optional.of("the certificate expires " + when + "; " + (selfManaged
                ? "`pulumi up` renews it once it is within certEarlyRenewalHours of expiry (and rolls the Milvus pods)"
                : "Google renews managed certificates itself: check the ManagedCertificate's status and that DNS points at the load balancer"));
    }

    /** Steps 2-4 over one connection (two if the server refuses ALPN h2). True when all of them passed. */
    private static boolean checkTcpTlsAlpn(TlsProbe probe, String host, DeployedOutputs outputs, Duration timeout,
                                           VerifyReport report) {
        var where = (host.contains(":") ? "[" + host + "]" : host) + ":" + outputs.port();
        InetSocketAddress address;
        Socket socket;
        try {
            address = new InetSocketAddress(bounded(() -> InetAddress.getByName(host), timeout, "address-lookup"), outputs.port());
            socket = probe.connect(address);
        } catch (Exception e) {
            var reason = e instanceof TimeoutException ? "no DNS answer for " + host : TlsProbe.describe(e);
            report.fail(Step.TCP, "cannot connect to " + where + " within " + timeout.toSeconds() + "s: " + reason);
            report.skip(Step.TLS, "not run: tcp failed");
            report.skip(Step.ALPN, "not run: tcp failed");
            return false;
        }
        report.ok(Step.TCP, "connected to " + where);

        TlsProbe.Session session;
        boolean alpnRefused = false;
        try {
            session = probe.handshake(socket, outputs.domain(), ALPN_H2);
        } catch (TlsProbe.HandshakeException e) {
            if (!e.alpnRejected()) {
                report.fail(Step.TLS, "handshake with " + where + " as " + outputs.domain() + " failed: "
                        + handshakeAdvice(e.getMessage(), outputs));
                report.skip(Step.ALPN, "not run: tls failed");
                return false;
            }
            // The server refused h2 before showing its certificate: shake hands again without ALPN to check that.
            alpnRefused = true;
            try {
                session = probe.handshake(probe.connect(address), outputs.domain(), List.of());
            } catch (IOException | TlsProbe.HandshakeException again) {
                report.fail(Step.TLS, "handshake with " + where + " as " + outputs.domain() + " failed: " + TlsProbe.describe(again));
                report.fail(Step.ALPN, "the server refused ALPN h2 (TLS alert no_application_protocol)");
                return false;
            }
        }
        report.ok(Step.TLS, session.protocol() + " with " + where + " as " + outputs.domain()
                + ": chain and host name verified; certificate " + session.certificateSummary());
        expiryWarning(session.leaf(), java.time.Instant.now(), outputs.selfManaged()).ifPresent(w -> report.warn(Step.TLS, w));
        if (alpnRefused) {
            report.fail(Step.ALPN, "the server refused ALPN h2 (TLS alert no_application_protocol): "
                    + "gRPC needs HTTP/2 from the load balancer");
            return false;
        }
        if (!session.applicationProtocol().equals("h2")) {
            var chosen = session.applicationProtocol().isEmpty() ? "no protocol" : "\"" + session.applicationProtocol() + "\"";
            report.fail(Step.ALPN, "offered h2, the server selected " + chosen + ": gRPC needs HTTP/2 from the load balancer");
            return false;
        }
        report.ok(Step.ALPN, "offered h2, the server selected h2");
        return true;
    }

    /** Step 5, bounded by three times the timeout (connect, version, health) whatever the SDK does. */
    private static void checkMilvus(MilvusProbe milvus, MilvusProbe.Target target, Options options, VerifyReport report) {
        if (options.skipMilvus()) {
            report.skip(Step.MILVUS, "not run: --skip-milvus");
            return;
        }
        var via = target.viaAddress() ? " via " + target.host() + " (server name " + target.serverName() + ")" : "";
        var budget = target.timeout().multipliedBy(3);
        MilvusProbe.Status status;
        try {
            status = bounded(() -> milvus.check(target), budget, "milvus-probe");
        } catch (TimeoutException e) {
            report.fail(Step.MILVUS, target.uri() + via + ": no answer within " + budget.toSeconds() + "s");
            return;
        } catch (Exception e) {
            var failure = sdkFailure(e);
            report.fail(Step.MILVUS, target.uri() + via + ": the SDK call failed: " + failure + backendHint(failure));
            return;
        }
        var version = "server version " + (status.serverVersion() == null || status.serverVersion().isBlank()
                ? "(not reported)" : status.serverVersion());
        if (status.healthy()) {
            report.ok(Step.MILVUS, target.uri() + via + ": " + version + ", checkHealth: healthy");
        } else {
            var reasons = status.reasons().isEmpty() ? "no reason given"
                    : status.reasons().stream().collect(Collectors.joining("; "));
            report.fail(Step.MILVUS, target.uri() + via + ": " + version + ", checkHealth: NOT healthy: " + reasons);
        }
    }

    /** The SDK's failure in one line, without gRPC's internal connection state dump. */
    /**
     * A handshake failure in the user's terms: what is wrong and what to do. The JDK's own text (kept at the end)
     * names a PKIX path or a subject alternative name, which says neither.
     */
    static String handshakeAdvice(String failure, DeployedOutputs outputs) {
        var text = failure.replaceFirst("^\\(certificate_unknown\\) ", "");
        if (text.contains("No subject alternative") || text.contains("No name matching")) {
            return "the certificate served is not valid for " + outputs.domain() + ": connect with the stack's `domain` output"
                    + " as the server name; if the domain changed, `pulumi up` issues the certificate for it (" + text + ")";
        }
        if (text.contains("PKIX") || text.contains("certification path")) {
            return outputs.selfManaged()
                    ? "the certificate served is not the stack's certificatePem: pass this stack's current outputs"
                    + " (`pulumi stack output --json -s <stack>`); if they are current, the load balancer serves another"
                    + " certificate: check the Ingress's TLS Secret and run `pulumi up` (" + text + ")"
                    : "the certificate served is not trusted by the JVM's CA store: a google-managed certificate may still be"
                    + " provisioning (`kubectl describe managedcertificate -n <namespace>`; it needs DNS pointing at the"
                    + " load balancer) (" + text + ")";
        }
        return text;
    }

    /** The load balancer answered 502/503/504: it has no healthy Milvus backend, which is what to look at. */
    static String backendHint(String failure) {
        return failure.matches("(?s).*HTTP status code 50[234].*")
                ? " (the load balancer answered but has no healthy Milvus backend: check the Milvus pods, the backend's"
                + " health check HTTP :9091/healthz (`kubectl describe ingress -n <namespace>`, annotation"
                + " ingress.kubernetes.io/backends), and that Milvus serves TLS on its gRPC port)"
                : "";
    }

    static String sdkFailure(Throwable failure) {
        var text = TlsProbe.describe(failure);
        var noConnection = text.contains("waiting_for_connection");
        text = text.replaceAll("\\s*Name resolution delay [0-9.]+ seconds\\.?", "");
        int dump = text.indexOf(" [closed=");
        if (dump >= 0) {
            int depth = 0;
            int end = dump + 1;
            do {
                char c = text.charAt(end++);
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            } while (depth > 0 && end < text.length());
            text = text.substring(0, dump) + text.substring(end);
        }
        text = text.strip().replaceAll("\\.$", "");
        return text + (noConnection ? "; no gRPC connection was established" : "");
    }

    /**
     * Runs {@code task} on a daemon thread and waits at most {@code limit}: a lookup or SDK call that hangs cannot
     * hold the command (or the JVM) past it. The task's own exception is rethrown as is.
     */
    static <T> T bounded(Callable<T> task, Duration limit, String name) throws Exception {
        var executor = Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, "verify-" + name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            var future = executor.submit(task);
            try {
                return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static String canonical(String address) {
        try {
            return DeployedOutputs.isIpLiteral(address) ? InetAddress.getByName(address).getHostAddress() : address;
        } catch (IOException e) {
            return address;
        }
    }
}
