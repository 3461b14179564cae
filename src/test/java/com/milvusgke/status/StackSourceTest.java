package com.milvusgke.status;

import com.google.gson.JsonObject;
import com.milvusgke.cli.ExitCode;
import com.milvusgke.k8s.Kubeconfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.milvusgke.status.GkeFixtures.IP;
import static com.milvusgke.status.StatusCommandTest.AMBIENT_SERVER;
import static com.milvusgke.status.StatusCommandTest.hosts;
import static com.milvusgke.status.StatusCommandTest.kubeconfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status --stack}: the outputs and the kubeconfig come from the stack through the pulumi CLI (answered here by
 * a fake), the cluster is the one that stack deploys to, and nothing secret is printed. The project is this
 * repository's Pulumi.yaml (the tests run in its directory, as a user does).
 */
class StackSourceTest {
    static final String PROJECT = "milvus-gke-l7";
    static final String TOKEN = "s3cret-token-only-in-config";
    static final String PASSWORD = "s3cret-milvus-password";

    /** The pulumi CLI: a fixed answer per command line; any other command line fails as the CLI would. */
    static final class FakePulumi implements StackSource.PulumiCli {
        final Map<List<String>, String> answers = new HashMap<>();
        final List<List<String>> calls = new ArrayList<>();

        FakePulumi answer(String answer, String... args) {
            answers.put(List.of(args), answer);
            return this;
        }

        @Override
        public String run(List<String> args) throws IOException {
            calls.add(args);
            var answer = answers.get(args);
            if (answer == null) {
                throw new IOException("error: no stack named '" + args.get(args.size() - 1) + "' found");
            }
            return answer;
        }
    }

    static String stackOutputs() {
        var o = GkeFixtures.json(GkeFixtures.outputs("google-managed", ""));
        o.addProperty("milvusPassword", PASSWORD);
        return o.toString();
    }

    static String config(Map<String, String> values) {
        var config = new JsonObject();
        values.forEach((key, value) -> {
            var entry = new JsonObject();
            entry.addProperty("value", value);
            entry.addProperty("secret", key.endsWith(":kubeconfig"));
            config.add(key, entry);
        });
        return config.toString();
    }

    static FakePulumi stack(String name, Map<String, String> config) {
        return new FakePulumi()
                .answer(stackOutputs(), "stack", "output", "--json", "--show-secrets", "--stack", name)
                .answer(config(config), "config", "--json", "--show-secrets", "--stack", name);
    }

    static StatusCommandTest.Run status(FakePulumi pulumi, List<Kubeconfig> connected, Path dir, String... args) throws Exception {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--skip-outside", "--hosts-file", hosts(dir, IP).toString()));
        return StatusCommandTest.run(GkeFixtures::rolledOut, Map.of(), pulumi, connected, all.toArray(String[]::new));
    }

    static void assertNothingSecretPrinted(StatusCommandTest.Run run) {
        for (var secret : List.of(TOKEN, PASSWORD)) {
            assertFalse(run.out().contains(secret) || run.err().contains(secret), secret + " printed:\n" + run.out() + run.err());
        }
    }

    @Test
    void theClusterIsTheOneInTheStacksKubeconfigConfigNotTheAmbientOne(@TempDir Path dir) throws Exception {
        var connected = new ArrayList<Kubeconfig>();
        var pulumi = stack("prod", Map.of(
                PROJECT + ":kubeconfig", kubeconfig("https://prod-cluster.example:443", TOKEN),
                "kubernetes:kubeconfig", kubeconfig("https://the-provider-key-is-not-ours.example:443", "x")));
        var run = status(pulumi, connected, dir, "--stack", "prod");
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        assertEquals(1, connected.size());
        assertEquals("https://prod-cluster.example:443", connected.get(0).server());
        assertTrue(connected.get(0).token().orElseThrow().equals(TOKEN));
        assertTrue(run.out().contains("Cluster: https://prod-cluster.example:443, from the kubeconfig in stack prod's config"), run.out());
        assertNothingSecretPrinted(run);
    }

    @Test
    void aClusterStackGivesTheKubeconfigThroughItsNamedOutput(@TempDir Path dir) throws Exception {
        var connected = new ArrayList<Kubeconfig>();
        var pulumi = stack("acme/milvus-gke-l7/prod", Map.of(PROJECT + ":clusterStack", "acme/gke/prod", PROJECT + ":clusterStackOutput", "adminKubeconfig"));
        var cluster = new JsonObject();
        cluster.addProperty("adminKubeconfig", kubeconfig("https://gke-prod.example:443", TOKEN));
        pulumi.answer(cluster.toString(), "stack", "output", "--json", "--show-secrets", "--stack", "acme/gke/prod");
        var run = status(pulumi, connected, dir, "--stack", "acme/milvus-gke-l7/prod");
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        assertEquals("https://gke-prod.example:443", connected.get(0).server());
        assertTrue(run.out().contains("from output 'adminKubeconfig' of stack acme/gke/prod"), run.out());
        assertNothingSecretPrinted(run);

        var missing = stack("dev", Map.of(PROJECT + ":clusterStack", "acme/gke/dev"));
        missing.answer("{\"other\":\"x\"}", "stack", "output", "--json", "--show-secrets", "--stack", "acme/gke/dev");
        var refused = status(missing, new ArrayList<>(), dir, "--stack", "dev");
        assertEquals(ExitCode.BAD_INPUT, refused.code(), refused.out());
        assertEquals("status: cannot read stack dev: stack dev takes its kubeconfig from output 'kubeconfig' of stack acme/gke/dev"
                + " (clusterStack), which has no such text output", refused.err().strip());
    }

    @Test
    void aStackThatNamesNoClusterUsesTheAmbientKubeconfigAndSaysSo(@TempDir Path dir) throws Exception {
        var connected = new ArrayList<Kubeconfig>();
        var run = status(stack("dev", Map.of(PROJECT + ":domain", "x.example.com")), connected, dir, "--stack", "dev");
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        assertEquals(AMBIENT_SERVER, connected.get(0).server());
        assertTrue(run.out().contains("from the ambient kubeconfig (stack dev sets neither kubeconfig nor clusterStack)"), run.out());
    }

    @Test
    void kubeconfigGivenOnTheCommandLineWinsOverTheStacks(@TempDir Path dir) throws Exception {
        var file = Files.writeString(dir.resolve("other.kubeconfig"), kubeconfig("https://by-hand.example:443", "t"));
        var connected = new ArrayList<Kubeconfig>();
        var run = status(stack("prod", Map.of(PROJECT + ":kubeconfig", kubeconfig("https://prod-cluster.example:443", TOKEN))),
                connected, dir, "--stack", "prod", "--kubeconfig", file.toString());
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        assertEquals("https://by-hand.example:443", connected.get(0).server());
    }

    @Test
    void aStackThePulumiCliCannotReadIsOneErrorNamingTheCommandAndWhatItSaid(@TempDir Path dir) throws Exception {
        var connected = new ArrayList<Kubeconfig>();
        var run = status(new FakePulumi(), connected, dir, "--stack", "nope");
        assertEquals(ExitCode.BAD_INPUT, run.code());
        assertEquals("status: cannot read stack nope: `pulumi stack output --json --show-secrets --stack nope` failed:"
                + " error: no stack named 'nope' found", run.err().strip());
        assertTrue(connected.isEmpty(), "no cluster is read");
    }

    @Test
    void stackAndOutputsTogetherOrABadStackNameAreRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        var pulumi = new FakePulumi();
        var both = status(pulumi, new ArrayList<>(), dir, "--stack", "dev", "--outputs", "-");
        assertEquals(ExitCode.BAD_INPUT, both.code());
        assertTrue(both.err().startsWith("status: give --stack (read the outputs through the pulumi CLI) or --outputs, not both"), both.err());
        var bad = status(pulumi, new ArrayList<>(), dir, "--stack", "dev prod");
        assertEquals(ExitCode.BAD_INPUT, bad.code());
        assertTrue(bad.err().startsWith("status: --stack must be a stack name such as dev or acme/milvus-gke-l7/prod, not 'dev prod'"), bad.err());
        assertTrue(pulumi.calls.isEmpty(), "the pulumi CLI is not run");
    }
}
