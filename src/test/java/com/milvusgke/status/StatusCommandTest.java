package com.milvusgke.status;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.milvusgke.cli.ExitCode;
import com.milvusgke.k8s.KubeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static com.milvusgke.status.GkeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command as a user runs it: its lines, its waiting, its exit code (the cluster served by a fake API server). */
class StatusCommandTest {

    /** Serves a ClusterView at the paths ClusterView.read asks for; the view may change from one read to the next. */
    static final class FakeApi implements KubeApi {
        private final Supplier<ClusterView> views;
        private ClusterView view;

        FakeApi(Supplier<ClusterView> views) {
            this.views = views;
        }

        @Override
        public Response get(String path) {
            if (path.contains("/ingresses/")) {
                view = views.get();   // the first GET of a pass
                return view.ingress().map(i -> new Response(200, i.toString())).orElse(new Response(404, "{}"));
            }
            if (path.contains("/services/")) {
                var s = view.services().get(path.substring(path.lastIndexOf('/') + 1));
                return s == null ? new Response(404, "{}") : new Response(200, s.toString());
            }
            if (path.endsWith("/pods")) {
                return list(view.pods());
            }
            if (path.endsWith("/backendconfigs")) {
                return list(new ArrayList<>(view.backendConfigs().values()));
            }
            if (path.contains("/managedcertificates/")) {
                return view.managedCertificate().map(m -> new Response(200, m.toString())).orElse(new Response(404, "{}"));
            }
            if (path.contains("/secrets?labelSelector=owner%3Dhelm%2Cname%3Dsearch")) {
                return list(view.releaseSecrets());
            }
            return new Response(404, "{}");
        }

        private static Response list(List<JsonObject> items) {
            var array = new JsonArray();
            items.forEach(array::add);
            var list = new JsonObject();
            list.add("items", array);
            return new Response(200, list.toString());
        }
    }

    record Run(int code, String out, String err) {
    }

    /** A kubeconfig that reaches SERVER with a token (the fake API server ignores both). */
    static String kubeconfig(String server, String token) {
        return """
                apiVersion: v1
                current-context: c
                contexts: [{name: c, context: {cluster: k, user: u}}]
                clusters: [{name: k, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: "%s"}}]
                """.formatted(server, token);
    }

    static final String AMBIENT_SERVER = "https://ambient.example:443";

    /** The ambient kubeconfig of every run that names none: $KUBECONFIG, a file reaching AMBIENT_SERVER. */
    static Map<String, String> withAmbientKubeconfig(Map<String, String> variables) {
        if (variables.containsKey("KUBECONFIG")) {
            return variables;
        }
        try {
            var file = Files.createTempFile("status-test-", ".kubeconfig");
            file.toFile().deleteOnExit();
            Files.writeString(file, kubeconfig(AMBIENT_SERVER, "ambient-token"));
            var all = new java.util.HashMap<>(variables);
            all.put("KUBECONFIG", file.toString());
            return all;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Run run(Supplier<ClusterView> views, Map<String, String> variables, String... args) {
        return run(views, variables, args1 -> {
            throw new java.io.IOException("no pulumi CLI in this test");
        }, new ArrayList<>(), args);
    }

    /** Also answers the pulumi CLI with PULUMI and records each kubeconfig the command connects with. */
    static Run run(Supplier<ClusterView> views, Map<String, String> givenVariables, StackSource.PulumiCli pulumi,
                   List<com.milvusgke.k8s.Kubeconfig> connected, String... args) {
        var variables = withAmbientKubeconfig(givenVariables);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var now = new Instant[]{Instant.parse("2026-12-04T12:00:00Z")};
        var environment = new StatusCommand.Environment() {
            @Override
            public KubeApi connect(com.milvusgke.k8s.Kubeconfig kubeconfig) {
                connected.add(kubeconfig);
                return new FakeApi(views);
            }

            @Override
            public String pulumi(List<String> pulumiArgs) throws java.io.IOException {
                return pulumi.run(pulumiArgs);
            }

            @Override
            public Clock clock() {
                return new Clock() {
                    @Override
                    public java.time.ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now[0];
                    }
                };
            }

            @Override
            public void sleep(Duration duration) {
                now[0] = now[0].plus(duration);
            }

            @Override
            public Map<String, String> variables() {
                return variables;
            }
        };
        int code = StatusCommand.run(args, new ByteArrayInputStream(outputs("google-managed", "").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), environment);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path hosts(Path dir, String ip) throws Exception {
        var file = dir.resolve("hosts");
        Files.writeString(file, ip + " " + DOMAIN + "\n");
        return file;
    }

    @Test
    void waitFollowsTheRolloutLinePerChangeUntilEveryStageIsDone(@TempDir Path dir) throws Exception {
        var pods = List.of(pod("search-milvus-proxy-1", true));
        var releases = List.of(helmRelease(1, "deployed"));
        var phases = List.of(
                cluster(ingress(Map.of(), List.of()), managedCertificate("Provisioning", DOMAIN, "Provisioning"), pods, releases, 9091),
                cluster(ingress(frontend("{\"" + GRPC_BACKEND + "\":\"Unknown\"}"), List.of(IP)),
                        managedCertificate("Provisioning", DOMAIN, "Provisioning"), pods, releases, 9091),
                rolledOut());
        var reads = new int[]{0};
        var run = run(() -> phases.get(Math.min(reads[0]++, phases.size() - 1)),
                Map.of(Resolver.HOSTS_FILE_ENV, hosts(dir, IP).toString()), "--wait", "--skip-outside", "--interval", "10");
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        var lines = run.out().lines().toList();
        assertEquals("Cluster: " + AMBIENT_SERVER + ", from the ambient kubeconfig", lines.get(1), run.out());
        assertTrue(lines.get(3).startsWith("[waiting] address: Ingress vectors/search-milvus has no address yet"), run.out());
        assertTrue(run.out().contains("[+10s] [done] address: Ingress vectors/search-milvus has the static IP " + IP), run.out());
        assertTrue(run.out().contains("[+20s] [done] certificate: ManagedCertificate vectors/search-milvus-cert Active"), run.out());
        assertTrue(run.out().contains("[+20s] [done] backends:"), run.out());
        assertEquals("status: every stage done after 20s", lines.get(lines.size() - 1), run.out());
    }

    @Test
    void timeoutNamesEachBlockingStageAndWhatToDo(@TempDir Path dir) throws Exception {
        var view = cluster(ingress(frontend("{\"" + GRPC_BACKEND + "\":\"UNHEALTHY\",\"" + REST_BACKEND + "\":\"HEALTHY\"}"), List.of(IP)),
                managedCertificate("Provisioning", DOMAIN, "FailedNotVisible"), List.of(pod("p", true)),
                List.of(helmRelease(1, "deployed")), 9999);
        var run = run(() -> view, Map.of(), "--wait", "--timeout", "2m", "--interval", "30", "--skip-outside",
                "--hosts-file", hosts(dir, "198.51.100.9").toString());
        assertEquals(ExitCode.ROLLOUT_NOT_DONE, run.code(), run.out());
        var tail = run.out().substring(run.out().indexOf("status: not done after 2m 0s (--timeout 2m 0s)"));
        assertTrue(tail.contains("[blocked] backends: Milvus gRPC (search-milvus:19530) UNHEALTHY"), tail);
        assertTrue(tail.contains("[blocked] certificate: ManagedCertificate vectors/search-milvus-cert Provisioning; " + DOMAIN + " FailedNotVisible"), tail);
        assertTrue(tail.contains("[blocked] dns: the A record of " + DOMAIN + " points at 198.51.100.9, not the static IP " + IP), tail);
        assertTrue(tail.contains("status: exit 6 (first not done: backends)"), tail);
    }

    @Test
    void withoutWaitOneReadAndTheExitCodeSaysWhetherItIsDone(@TempDir Path dir) throws Exception {
        var run = run(GkeFixtures::rolledOut, Map.of(), "--skip-outside", "--hosts-file", hosts(dir, IP).toString());
        assertEquals(ExitCode.OK, run.code(), run.out());
        assertEquals(10, run.out().lines().count(), run.out());   // title, cluster, seven stages, the verdict
        var pending = run(GkeFixtures::rolledOut, Map.of(), "--skip-outside", "--hosts-file", hosts(dir, "192.0.2.1").toString());
        assertEquals(ExitCode.ROLLOUT_NOT_DONE, pending.code(), pending.out());
    }

    @Test
    void helpDocumentsTheStagesAndExitCodesAndBadArgumentsExit2() {
        var help = run(GkeFixtures::rolledOut, Map.of(), "--help");
        assertEquals(ExitCode.OK, help.code());
        for (var word : List.of("--wait", "--timeout", "--hosts-file", "MILVUS_GKE_HOSTS_FILE", "exit 0", "6 a stage not done", "backends")) {
            assertTrue(help.out().contains(word), word);
        }
        var bad = run(GkeFixtures::rolledOut, Map.of(), "--wait", "--timeout", "soon");
        assertEquals(ExitCode.BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("--timeout must be a positive whole number of seconds, minutes or hours such as 300s, 90m or 2h, not 'soon'"), bad.err());
    }
}
