package com.milvusgke.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.milvusgke.status.GkeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each stage's reading of what GKE, Helm and Kubernetes write (fixtures: GkeFixtures, shaped like the sources). */
class StageReadingTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static StageReport.State state(StageReport r) {
        return r.state();
    }

    @Test
    void releaseDoneOnlyWhenTheNewestRevisionIsDeployedAndEveryServingPodReady() throws Exception {
        var outputs = googleManaged();
        var done = ReleaseStage.read(outputs, rolledOut());
        assertEquals(StageReport.State.DONE, state(done), done.line());
        assertTrue(done.message().contains("revision 2") && done.message().contains("1/1 serving pods Ready"), done.line());

        var pending = ReleaseStage.read(outputs, cluster(null, null, List.of(pod("p", true)),
                List.of(helmRelease(2, "deployed"), helmRelease(3, "pending-upgrade")), 9091));
        assertEquals(StageReport.State.BLOCKED, state(pending), pending.line());
        assertTrue(pending.message().contains("revision 3 is pending-upgrade"), pending.line());

        var notReady = ReleaseStage.read(outputs, cluster(null, null, List.of(pod("a", true), pod("b", false)),
                List.of(helmRelease(1, "deployed")), 9091));
        assertEquals(StageReport.State.WAITING, state(notReady), notReady.line());
        assertTrue(notReady.message().contains("1/2 serving pods Ready"), notReady.line());
    }

    @Test
    void addressIsTheStaticIpOrSaysWhatItIs() throws Exception {
        var outputs = googleManaged();
        assertEquals(StageReport.State.DONE, IngressStages.address(outputs, rolledOut()).state());
        var none = IngressStages.address(outputs, cluster(ingress(Map.of(), List.of()), null, List.of(), List.of(), 9091));
        assertEquals(StageReport.State.WAITING, none.state(), none.line());
        var other = IngressStages.address(outputs, cluster(ingress(Map.of(), List.of("34.120.1.2")), null, List.of(), List.of(), 9091));
        assertEquals(StageReport.State.BLOCKED, other.state(), other.line());
        assertTrue(other.message().contains("34.120.1.2, not the static IP " + IP), other.line());
    }

    @Test
    void loadBalancerIsDoneWhenIngressGceRecordedItsParts() throws Exception {
        var outputs = googleManaged();
        var done = IngressStages.loadBalancer(outputs, rolledOut());
        assertEquals(StageReport.State.DONE, done.state(), done.line());
        assertTrue(done.message().contains("k8s2-um-01234567-vectors-search-milvus-3f8cfbd5"), done.line());
        assertTrue(done.message().contains("networking.gke.io/ingress-finalizer-V2"), done.line());
        var noUrlMap = new java.util.HashMap<>(frontend("{}"));
        noUrlMap.remove("ingress.kubernetes.io/url-map");
        var waiting = IngressStages.loadBalancer(outputs, cluster(ingress(noUrlMap, List.of(IP)), null, List.of(), List.of(), 9091));
        assertEquals(StageReport.State.WAITING, waiting.state(), waiting.line());
        assertTrue(waiting.message().contains("ingress.kubernetes.io/url-map"), waiting.line());
    }

    @Test
    void backendsNameEachRoleAndWhyOneIsUnhealthy() throws Exception {
        var outputs = googleManaged();
        var done = BackendHealthStage.read(outputs, rolledOut());
        assertEquals(StageReport.State.DONE, done.state(), done.line());
        assertTrue(done.message().contains("Milvus gRPC (search-milvus:19530) HEALTHY"), done.line());
        assertTrue(done.message().contains("Milvus REST (search-milvus-rest:19121) HEALTHY"), done.line());

        var unknown = BackendHealthStage.read(outputs, cluster(ingress(frontend("{\"" + GRPC_BACKEND + "\":\"Unknown\"}"), List.of(IP)),
                null, List.of(pod("p", true)), List.of(), 9091));
        assertEquals(StageReport.State.WAITING, unknown.state(), unknown.line());

        // The gRPC backend's health check probes a port no pod exposes.
        var unhealthy = BackendHealthStage.read(outputs, cluster(ingress(frontend("{\"" + GRPC_BACKEND + "\":\"UNHEALTHY\",\""
                + REST_BACKEND + "\":\"HEALTHY\"}"), List.of(IP)), null, List.of(pod("p", true)), List.of(), 9999));
        assertEquals(StageReport.State.BLOCKED, unhealthy.state(), unhealthy.line());
        assertTrue(unhealthy.message().contains("Milvus gRPC (search-milvus:19530) UNHEALTHY"), unhealthy.line());
        assertTrue(unhealthy.action().orElse("").contains("BackendConfig search-milvus-backend: HTTP port 9999 /healthz"), unhealthy.line());
        assertTrue(unhealthy.action().orElse("").contains("no Ready pod of search-milvus exposes"), unhealthy.line());

        var noPods = BackendHealthStage.read(outputs, cluster(ingress(frontend("{\"" + GRPC_BACKEND + "\":\"UNHEALTHY\"}"), List.of(IP)),
                null, List.of(pod("p", false)), List.of(), 9091));
        assertTrue(noPods.action().orElse("").contains("finds no Ready pod"), noPods.line());
    }

    @Test
    void managedCertificateStatusAndEachDomain() throws Exception {
        var outputs = googleManaged();
        var active = CertificateStage.read(outputs, rolledOut(), NOW);
        assertEquals(StageReport.State.DONE, active.state(), active.line());
        assertTrue(active.message().contains("Active; " + DOMAIN + " Active; expires 2027-03-04"), active.line());

        var provisioning = CertificateStage.read(outputs, cluster(ingress(frontend("{}"), List.of(IP)),
                managedCertificate("Provisioning", DOMAIN, "Provisioning"), List.of(), List.of(), 9091), NOW);
        assertEquals(StageReport.State.WAITING, provisioning.state(), provisioning.line());

        var notVisible = CertificateStage.read(outputs, cluster(ingress(frontend("{}"), List.of(IP)),
                managedCertificate("Provisioning", DOMAIN, "FailedNotVisible", "www." + DOMAIN, "Active"), List.of(), List.of(), 9091), NOW);
        assertEquals(StageReport.State.BLOCKED, notVisible.state(), notVisible.line());
        assertTrue(notVisible.message().contains(DOMAIN + " FailedNotVisible"), notVisible.line());
        assertTrue(notVisible.action().orElse("").contains("\"" + DOMAIN + ". A " + IP + "\""), notVisible.line());
        assertTrue(!notVisible.action().orElse("").contains("www."), notVisible.line());

        var permanently = CertificateStage.read(outputs, cluster(ingress(frontend("{}"), List.of(IP)),
                managedCertificate("ProvisioningFailedPermanently", DOMAIN, "FailedCaaForbidden"), List.of(), List.of(), 9091), NOW);
        assertEquals(StageReport.State.BLOCKED, permanently.state(), permanently.line());
        assertTrue(permanently.action().orElse("").contains("CAA"), permanently.line());
    }

    @Test
    void selfManagedCertificateExpiry(@TempDir Path dir) throws Exception {
        var pem = com.milvusgke.verify.TestCertificates.generate(dir, "status", 30, DOMAIN).pem();
        var outputs = RolloutOutputs.parse(outputs("self-managed", pem));
        var valid = CertificateStage.read(outputs, rolledOut(), Instant.now());
        assertEquals(StageReport.State.DONE, valid.state(), valid.line());
        assertTrue(valid.message().contains("CN=" + DOMAIN) && valid.message().matches(".*\\((29|30) days\\).*"), valid.line());
        var expired = CertificateStage.read(outputs, rolledOut(), Instant.now().plus(java.time.Duration.ofDays(31)));
        assertEquals(StageReport.State.BLOCKED, expired.state(), expired.line());
    }

    @Test
    void dnsFromTheHostsFileNamesTheRecordToMake(@TempDir Path dir) throws Exception {
        var outputs = googleManaged();
        var hosts = dir.resolve("hosts");
        Files.writeString(hosts, "# the e2e DNS table\n" + IP + " " + DOMAIN.toUpperCase() + ". other.example\n");
        assertEquals(StageReport.State.DONE, DnsStage.read(outputs, Resolver.hostsFile(hosts)).state());
        Files.writeString(hosts, "198.51.100.9 " + DOMAIN + "\n");
        var wrong = DnsStage.read(outputs, Resolver.hostsFile(hosts));
        assertEquals(StageReport.State.BLOCKED, wrong.state(), wrong.line());
        assertTrue(wrong.message().contains("points at 198.51.100.9, not the static IP " + IP), wrong.line());
        assertTrue(wrong.action().orElse("").contains("\"" + DOMAIN + ". A " + IP + "\""), wrong.line());
        Files.writeString(hosts, "");
        assertEquals(StageReport.State.BLOCKED, DnsStage.read(outputs, Resolver.hostsFile(hosts)).state());
    }

    @Test
    void stagesComeInOrderAndTheOutsideStageWaitsForThem() throws Exception {
        var outputs = googleManaged();
        var reports = Rollout.read(outputs, rolledOut(), name -> List.of(), NOW, false, true);
        assertEquals(List.of(Stage.values()), reports.stream().map(StageReport::stage).toList());
        assertEquals(StageReport.State.SKIPPED, reports.get(6).state(), "the outside stage runs only after DNS is done");
        var unreadable = Rollout.read(outputs, ClusterView.unreadable("connection refused"), name -> List.of(IP), NOW, true, true);
        assertTrue(unreadable.get(0).message().contains("cannot read the cluster: connection refused"), unreadable.get(0).line());
    }
}
