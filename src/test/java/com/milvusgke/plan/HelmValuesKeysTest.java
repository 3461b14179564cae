package com.milvusgke.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.milvusgke.plan.PlanCommandTest.planStackFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * helmValues keys checked against the pinned chart's own values (chart-values-5.0.19.json), as a user meets it: the
 * exit code and message of `plan` (the same config error `pulumi preview`/`up` print), and nothing written.
 */
class HelmValuesKeysTest {
    private static final String DOMAIN = "config:\n  milvus-gke-l7:domain: milvus.example.com\n  milvus-gke-l7:helmValues:\n";

    private static PlanCommandTest.Run plan(Path dir, String helmValuesYaml) throws IOException {
        return planStackFile(dir, "values", DOMAIN + helmValuesYaml);
    }

    private static void refused(Path dir, PlanCommandTest.Run run, String message) {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("milvus-gke-l7:helmValues: " + message), run.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written for a refused value");
    }

    @Test
    void theSetSpellingIsRefusedWithItsNestedForm(@TempDir Path tmp) throws IOException {
        refused(tmp, plan(tmp, "    proxy.replicas: 2\n"), "proxy.replicas is one key with dots in its name, which Helm does not"
                + " split (the `--set` spelling does not work in values): write it nested, helmValues: {proxy: {replicas: 2}}");
        refused(tmp, plan(tmp, "    proxy:\n      hpa.enabled: true\n"), "proxy.hpa.enabled is one key with dots in its name, which Helm does"
                + " not split (the `--set` spelling does not work in values): write it nested, helmValues: {proxy: {hpa: {enabled: true}}}");
    }

    @Test
    void theRulesThatProtectTheL7SetupCannotBeSideSteppedBySpelling(@TempDir Path tmp) throws IOException {
        refused(tmp, plan(tmp, "    service.type: LoadBalancer\n"), "service.type is one key with dots in its name");
        refused(tmp, plan(tmp, "    proxy.tls.enabled: true\n"), "proxy.tls.enabled is one key with dots in its name");
        refused(tmp, plan(tmp, "    ingress.enabled: true\n"), "ingress.enabled is one key with dots in its name");
        // Nested, the rule itself answers.
        refused(tmp, plan(tmp, "    service:\n      type: LoadBalancer\n"), "service.type = LoadBalancer is not allowed");
    }

    @Test
    void aMisspeltKeyIsRefusedWithTheNearestOneTheChartKnows(@TempDir Path tmp) throws IOException {
        refused(tmp, plan(tmp, "    proxxy:\n      replicas: 2\n"), "proxxy is not a value of the milvus chart 5.0.19; did you mean proxy?");
        refused(tmp, plan(tmp, "    proxy:\n      replica: 2\n"),
                "proxy.replica is not a value of the milvus chart 5.0.19 under proxy; did you mean proxy.replicas?");
        var far = plan(tmp, "    proxy:\n      zzzzzzzz: 1\n");
        refused(tmp, far, "proxy.zzzzzzzz is not a value of the milvus chart 5.0.19 under proxy; the chart reads affinity, annotations,");
    }

    @Test
    void mapsTheChartPassesOnWholeTakeAnyKey(@TempDir Path tmp) throws IOException {
        var run = plan(tmp, """
                    labels: {team.example.com/owner: search}
                    annotations: {example.com/anything: "yes"}
                    nodeSelector: {cloud.google.com/gke-nodepool: vectors}
                    extraConfigFiles:
                      user.yaml: "queryNode:\\n  gracefulTime: 10\\n"
                    service:
                      annotations: {example.com/team: search}
                      loadBalancerIP: ""
                    proxy:
                      replicas: 2
                      resources: {limits: {cpu: "2", memory: 4Gi}}
                      annotations: {example.com/x: y}
                    etcd:
                      replicaCount: 1
                      someSubchartSetting: {any: thing}
                    minio:
                      mode: standalone
                    global:
                      anything: 1
                """.indent(0));
        assertEquals(0, run.exitCode(), run.err());
    }
}
