package com.milvusgke.verify;

import com.milvusgke.verify.VerifyReport.Step;

import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Step 5 of {@code verify}: a real Milvus SDK call (server version, health) through the load balancer. */
final class MilvusCheck {
    private MilvusCheck() {
    }

    /** Step 5, bounded by three times the timeout (connect, version, health) whatever the SDK does. */
    static void check(MilvusProbe milvus, MilvusProbe.Target target, VerifyCommand.Options options, VerifyReport report) {
        if (options.skipMilvus()) {
            report.skip(Step.MILVUS, "not run: --skip-milvus");
            return;
        }
        var via = target.viaAddress() ? " via " + target.host() + " (server name " + target.serverName() + ")" : "";
        var budget = target.timeout().multipliedBy(3);
        MilvusProbe.Status status;
        try {
            status = Bounded.call(() -> milvus.check(target), budget, "milvus-probe");
        } catch (TimeoutException e) {
            report.fail(Step.MILVUS, target.uri() + via + ": no answer within " + budget.toSeconds() + "s");
            return;
        } catch (Exception e) {
            var failure = sdkFailure(e);
            report.fail(Step.MILVUS, target.uri() + via + ": the SDK call failed: " + failure + backendHint(failure)
                    + authenticationHint(failure, target.credentials().isPresent()));
            return;
        }
        var version = "server version " + (status.serverVersion() == null || status.serverVersion().isBlank()
                ? "(not reported)" : status.serverVersion());
        var as = target.credentials().map(c -> ", authenticated as " + c.user()).orElse("");
        if (status.healthy()) {
            report.ok(Step.MILVUS, target.uri() + via + ": " + version + as + ", checkHealth: healthy");
        } else {
            var reasons = status.reasons().isEmpty() ? "no reason given"
                    : status.reasons().stream().collect(Collectors.joining("; "));
            report.fail(Step.MILVUS, target.uri() + via + ": " + version + ", checkHealth: NOT healthy: " + reasons);
        }
    }

    /** The load balancer answered 502/503/504: it has no healthy Milvus backend, which is what to look at. */
    static String backendHint(String failure) {
        return failure.matches("(?s).*HTTP status code 50[234].*")
                ? " (the load balancer answered but has no healthy Milvus backend: check the Milvus pods, the backend's"
                + " health check HTTP :9091/healthz (`kubectl describe ingress -n <namespace>`, annotation"
                + " ingress.kubernetes.io/backends), and that Milvus serves TLS on its gRPC port)"
                : "";
    }

    /**
     * Milvus refused the call for want of (right) credentials: say which outputs carry them, or that they no longer
     * match root's password in Milvus (which a config change alone does not change).
     */
    static String authenticationHint(String failure, boolean credentialsGiven) {
        if (!failure.matches("(?is).*(unauthenticated|auth check fail|authorization|authentication|username|password).*")) {
            return "";
        }
        // Milvus says "missing authorization in header" when no credentials reached it, whatever the client meant to send.
        boolean noneArrived = failure.toLowerCase(java.util.Locale.ROOT).contains("missing authorization");
        return credentialsGiven && !noneArrived
                ? " (Milvus refused the credentials: milvusPassword does not match root's password in Milvus, e.g. after it"
                + " was changed there; set milvusRootPassword to it with pulumi config set --secret, see docs/security.md)"
                : " (Milvus's authentication is on and no credentials were given: Milvus needs the stack's milvusUser and"
                + " milvusPassword outputs, from `pulumi stack output --json --show-secrets`)";
    }

    /** The SDK's failure in one line, without gRPC's internal connection state dump. */
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
}
