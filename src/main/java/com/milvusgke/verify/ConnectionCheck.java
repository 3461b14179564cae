package com.milvusgke.verify;

import com.milvusgke.verify.VerifyReport.Step;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Steps 2 to 4 of {@code verify}: TCP to the load balancer, TLS with the domain as server name against the stack's
 * trust, ALPN h2; a warning when the certificate served is about to expire.
 */
final class ConnectionCheck {
    /** gRPC needs HTTP/2: only h2 is offered, as a gRPC client would. */
    static final List<String> ALPN_H2 = List.of("h2");

    private ConnectionCheck() {
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
    static boolean check(TlsProbe probe, String host, DeployedOutputs outputs, Duration timeout,
                                           VerifyReport report) {
        var where = (host.contains(":") ? "[" + host + "]" : host) + ":" + outputs.port();
        InetSocketAddress address;
        Socket socket;
        try {
            address = new InetSocketAddress(Bounded.call(() -> InetAddress.getByName(host), timeout, "address-lookup"), outputs.port());
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
}
