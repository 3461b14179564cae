package com.milvusgke.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every stage of the rollout read once, in order, from one read of the cluster. */
final class Rollout {
    private Rollout() {
    }

    static List<StageReport> read(RolloutOutputs outputs, ClusterView cluster, Resolver resolver, Instant now,
                                  boolean skipOutside, boolean viaHostsFile) {
        var reports = new ArrayList<StageReport>();
        if (cluster.unreadable().isPresent()) {
            var why = "cannot read the cluster: " + cluster.unreadable().get();
            for (var stage : List.of(Stage.RELEASE, Stage.ADDRESS, Stage.LOAD_BALANCER, Stage.BACKENDS)) {
                reports.add(StageReport.waiting(stage, why, "check the kubeconfig (the line Cluster: above says which one is used) and that the cluster is reachable"));
            }
            reports.add(outputs.deployed().selfManaged() ? CertificateStage.selfManaged(outputs, now) : StageReport.waiting(Stage.CERTIFICATE, why));
        } else {
            reports.add(ReleaseStage.read(outputs, cluster));
            reports.add(IngressStages.address(outputs, cluster));
            reports.add(IngressStages.loadBalancer(outputs, cluster));
            reports.add(BackendHealthStage.read(outputs, cluster));
            reports.add(CertificateStage.read(outputs, cluster, now));
        }
        reports.add(DnsStage.read(outputs, resolver));
        boolean earlierDone = reports.stream().allMatch(StageReport::done);
        reports.add(skipOutside ? StageReport.skipped(Stage.OUTSIDE, "not run (--skip-outside)")
                : OutsideStage.read(outputs, earlierDone, viaHostsFile));
        return reports;
    }

    /** Done when every stage is done (the outside stage may be skipped only when asked). */
    static boolean complete(List<StageReport> reports, boolean skipOutside) {
        return reports.stream().allMatch(r -> r.done() || (skipOutside && r.stage() == Stage.OUTSIDE));
    }
}
