package com.milvusgke.verify;

import com.milvusgke.verify.VerifyReport.Step;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Step 6 of {@code verify}, when the stack serves REST: one real REST call over TLS. */
final class RestCheck {
    private RestCheck() {
    }

    /** Milvus REST v2: lists collections with an empty body; answers HTTP 200 with {"code": 0, "data": [...]}. */
    static final String REST_CALL = "/v2/vectordb/collections/list";

    /** One real REST call over TLS, as a REST client of the stack would make it. */
    static void check(TlsProbe probe, String host, DeployedOutputs outputs, String restEndpoint, VerifyCommand.Options options,
                                  VerifyReport report) {
        if (options.skipMilvus()) {
            report.skip(Step.REST, "not run (--skip-milvus)");
            return;
        }
        var where = "https://" + outputs.domain() + REST_CALL;
        try {
            var answer = probe.post(probe.connect(new InetSocketAddress(InetAddress.getByName(host), outputs.port())),
                    outputs.domain(), REST_CALL, "{}", outputs.credentials().map(c -> "Bearer " + c.token()));
            var code = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*(-?\\d+)").matcher(answer.body());
            if (answer.status() == 200 && code.find() && code.group(1).equals("0")) {
                report.ok(Step.REST, "POST " + where + ": HTTP 200, code 0 (REST API reachable through " + restEndpoint + ")");
            } else if (answer.status() == 200 && code.find(0)) {
                report.fail(Step.REST, "POST " + where + ": Milvus answered code " + code.group(1) + ": "
                        + abbreviate(answer.body()) + (outputs.credentials().isPresent()
                        ? " (with the stack's credentials: do they still match root's password in Milvus?)"
                        : " (authentication on? the REST API needs the stack's milvusUser and milvusPassword, from"
                        + " `pulumi stack output --json --show-secrets`)"));
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
}
