package com.milvusgke.status;

import java.io.IOException;

/** Stage 6: the domain resolves to the static IP (what the load balancer and Google's CA are reached by). */
final class DnsStage {
    private DnsStage() {
    }

    static StageReport read(RolloutOutputs outputs, Resolver resolver) {
        var domain = outputs.deployed().domain();
        var ip = outputs.deployed().staticIpAddress();
        var record = "\"" + domain + ". " + (ip.contains(":") ? "AAAA" : "A") + " " + ip + "\"";
        java.util.List<String> resolved;
        try {
            resolved = resolver.resolve(domain);
        } catch (IOException e) {
            return StageReport.waiting(Stage.DNS, "cannot resolve " + domain + ": " + e.getMessage());
        }
        if (resolved.contains(ip)) {
            return StageReport.done(Stage.DNS, domain + " resolves to the static IP " + ip);
        }
        if (resolved.isEmpty()) {
            return StageReport.blocked(Stage.DNS, domain + " does not resolve",
                    "create the record " + record + " (with dnsZone set, `pulumi up` does; new records can take minutes to be seen)");
        }
        return StageReport.blocked(Stage.DNS, "the A record of " + domain + " points at " + String.join(", ", resolved) + ", not the static IP " + ip,
                "change it to " + record + " (a changed record is seen once its old TTL has passed)");
    }
}
