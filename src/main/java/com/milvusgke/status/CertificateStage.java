package com.milvusgke.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;

/**
 * Stage 5: the certificate the load balancer presents. google-managed: the ManagedCertificate the Ingress names,
 * with the status gke-managed-certs writes: {@code certificateStatus} and {@code domainStatus[] {domain, status}}
 * (GoogleCloudPlatform/gke-managed-certs pkg/apis/networking.gke.io/v1/types.go; the values in pkg/config/config.go:
 * Provisioning, Active, FailedNotVisible, FailedCaaChecking, FailedCaaForbidden, FailedRateLimited,
 * ProvisioningFailed, ProvisioningFailedPermanently, RenewalFailed). self-managed: the expiry of the stack's certificate.
 */
final class CertificateStage {
    static final String MANAGED_CERTIFICATES = "networking.gke.io/managed-certificates";

    private CertificateStage() {
    }

    static StageReport read(RolloutOutputs outputs, ClusterView cluster, Instant now) {
        return outputs.deployed().selfManaged() ? selfManaged(outputs, now) : googleManaged(outputs, cluster);
    }

    static StageReport selfManaged(RolloutOutputs outputs, Instant now) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(outputs.deployed().certificatePem().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            return StageReport.blocked(Stage.CERTIFICATE, "the certificatePem output is not a readable certificate",
                    "pass the outputs of `pulumi stack output --json --show-secrets`");
        }
        var expiry = certificate.getNotAfter().toInstant();
        var left = Duration.between(now, expiry);
        var subject = certificate.getSubjectX500Principal().getName();
        if (left.isNegative()) {
            return StageReport.blocked(Stage.CERTIFICATE, "self-managed certificate " + subject + " expired " + expiry,
                    "run `pulumi up`: the stack renews it (certEarlyRenewalHours before expiry)");
        }
        return StageReport.done(Stage.CERTIFICATE, "self-managed certificate " + subject + ", valid until " + expiry + " (" + left.toDays() + " days)");
    }

    static StageReport googleManaged(RolloutOutputs outputs, ClusterView cluster) {
        var ingress = cluster.ingress();
        var name = ingress.map(i -> Json.annotations(i).getOrDefault(MANAGED_CERTIFICATES, "")).orElse("");
        if (cluster.managedCertificate().isEmpty()) {
            return StageReport.waiting(Stage.CERTIFICATE, name.isBlank() ? "the Ingress names no ManagedCertificate yet"
                    : "no ManagedCertificate " + outputs.namespace() + "/" + name + " yet", "run `pulumi up`");
        }
        var certificate = cluster.managedCertificate().get();
        var full = outputs.namespace() + "/" + Json.name(certificate);
        var status = Json.string(certificate, "status", "certificateStatus").orElse("");
        var domains = new ArrayList<String>();
        var actions = new ArrayList<String>();
        boolean blocked = false;
        for (var domain : Json.array(certificate, "status", "domainStatus")) {
            var d = Json.string(domain, "domain").orElse("?");
            var s = Json.string(domain, "status").orElse("?");
            domains.add(d + " " + s);
            var action = domainAction(d, s, outputs);
            if (action != null) {
                blocked = true;
                actions.add(d + ": " + action);
            }
        }
        var message = "ManagedCertificate " + full + " " + (status.isEmpty() ? "(no status yet)" : status)
                + (domains.isEmpty() ? "" : "; " + String.join(", ", domains));
        if (status.equals("Active")) {
            return StageReport.done(Stage.CERTIFICATE, message + Json.string(certificate, "status", "expireTime").map(t -> "; expires " + t).orElse(""));
        }
        switch (status) {
            case "ProvisioningFailedPermanently":
                return StageReport.blocked(Stage.CERTIFICATE, message, "Google gave up on this certificate: fix the cause below, then delete the"
                        + " ManagedCertificate (`kubectl delete managedcertificate -n " + outputs.namespace() + " " + Json.name(certificate)
                        + "`) and run `pulumi up` to create it again" + (actions.isEmpty() ? "" : "; " + String.join("; ", actions)));
            case "ProvisioningFailed":
            case "RenewalFailed":
                return StageReport.blocked(Stage.CERTIFICATE, message, actions.isEmpty()
                        ? "Google retries; `kubectl describe managedcertificate -n " + outputs.namespace() + " " + Json.name(certificate) + "` shows the events"
                        : String.join("; ", actions));
            default:
                break;
        }
        if (blocked) {
            return StageReport.blocked(Stage.CERTIFICATE, message, String.join("; ", actions));
        }
        return StageReport.waiting(Stage.CERTIFICATE, message + " (Google issues it 15 to 60 minutes after the domain resolves to the static IP)");
    }

    /** What to do about a domain's status, or null when there is nothing to do but wait. */
    static String domainAction(String domain, String status, RolloutOutputs outputs) {
        var ip = outputs.deployed().staticIpAddress();
        return switch (status) {
            case "Active", "Provisioning", "" -> null;
            case "FailedNotVisible" -> "Google's CA cannot reach " + domain + " through the load balancer: the A record \"" + domain
                    + ". A " + ip + "\" must exist (see the dns line); Google retries by itself once it does";
            case "FailedCaaChecking" -> "the CAA records of " + domain + " could not be checked (a DNS server failing); fix the DNS zone";
            case "FailedCaaForbidden" -> "the CAA records of " + domain + " forbid Google's CAs: add \"" + domain + ". CAA 0 issue \\\"pki.goog\\\"\"";
            case "FailedRateLimited" -> "the CA's rate limit for " + domain + " was reached; Google retries later";
            default -> domain + " is " + status;
        };
    }
}
