package com.milvusgke.plan;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline plan of the real stack files, as reviewers and the policy pack read it. */
class PlanCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run plan(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = PlanCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                com.milvusgke.App::program);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes {@code Pulumi.<stack>.yaml} with {@code yaml} into {@code dir}, and plans it into {@code dir/out}. */
    static Run planStackFile(Path dir, String stack, String yaml) throws IOException {
        var stackFile = Files.writeString(dir.resolve("Pulumi." + stack + ".yaml"), yaml);
        return plan("--config", stackFile.toString(), "--out", dir.resolve("out").toString());
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        var files = new TreeMap<String, byte[]>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (var file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return new Gson().fromJson(Files.readString(file), Map.class);
    }

    @Test
    void devPlanHasEveryFileAndIsDeterministic(@TempDir Path tmp) throws IOException {
        var first = plan("--stack", "dev", "--out", tmp.resolve("a").toString());
        assertEquals(0, first.exitCode(), first.err());
        var second = plan("--config", "Pulumi.dev.yaml", "--out", tmp.resolve("b").toString());
        assertEquals(0, second.exitCode(), second.err());

        var a = files(tmp.resolve("a"));
        var b = files(tmp.resolve("b"));
        assertEquals(List.of(
                PlanDirectory.MARKER,
                "helm/my-release.chart.json",
                "helm/my-release.values.yaml",
                "manifests/02-secret-my-release-milvus-root-credentials.yaml",
                "manifests/02-secret-my-release-milvus-tls.yaml",
                "manifests/05-backendconfig-my-release-milvus-backend.yaml",
                "manifests/06-frontendconfig-my-release-milvus-frontend.yaml",
                "manifests/08-ingress-my-release-milvus.yaml",
                "plan.json"), List.copyOf(a.keySet()));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((name, bytes) -> assertArrayEquals(bytes, b.get(name), name + " differs between two runs"));

        var planJson = json(tmp.resolve("a/plan.json"));
        assertEquals("milvus-gke-l7", planJson.get("project"));
        assertEquals("dev", planJson.get("stack"));
        @SuppressWarnings("unchecked") // plan.json's resources: a JSON array of objects
        var resources = (List<Map<String, Object>>) planJson.get("resources");
        assertEquals("milvusgke:index:MilvusL7Stack", resources.get(0).get("type"));
        var address = resources.stream().filter(r -> r.get("type").equals("gcp:compute/globalAddress:GlobalAddress")).findFirst().orElseThrow();
        assertEquals(true, address.get("protect"));
        assertEquals("milvus-l7-frontend", address.get("parent"));
        var secret = resources.stream().filter(r -> r.get("type").equals("kubernetes:core/v1:Secret")).findFirst().orElseThrow();
        assertEquals(List.of("stringData"), secret.get("secretPaths"));
        assertEquals("[secret]", ((Map<?, ?>) secret.get("inputs")).get("stringData"));
        var ingress = resources.stream().filter(r -> r.get("type").equals("kubernetes:networking.k8s.io/v1:Ingress")).findFirst().orElseThrow();
        assertTrue(((List<?>) ingress.get("dependsOn")).contains("milvus-l7-milvus-release"), ingress.get("dependsOn").toString());
        assertEquals("milvus-dev.example.com:443", ((Map<?, ?>) planJson.get("outputs")).get("endpoint"));

        assertEquals(Map.of("repo", "https://zilliztech.github.io/milvus-helm/", "chart", "milvus", "version", "5.0.19",
                "name", "my-release", "namespace", "default"), json(tmp.resolve("a/helm/my-release.chart.json")));
        var values = Files.readString(tmp.resolve("a/helm/my-release.values.yaml"));
        assertTrue(values.contains("  user.yaml: |\n    common:\n      security:\n        tlsMode: 1\n        authorizationEnabled: true\n"), values);
        // Root's password: only a reference to its Secret in the values, only [secret] in the Secret's manifest and the outputs.
        assertTrue(values.contains("name: COMMON_SECURITY_DEFAULTROOTPASSWORD"), values);
        assertEquals("[secret]", ((Map<?, ?>) planJson.get("outputs")).get("milvusPassword"));
        assertEquals(List.of(), planJson.get("warnings"), "a default stack is closed: nothing to warn about");

        assertTrue(first.out().contains("├─ milvus-l7-frontend-ip  gcp:compute/globalAddress:GlobalAddress  (protected)"), first.out());
        assertTrue(first.out().contains("staticIpAddress       203.0.113.10   [placeholder: known after pulumi up]"), first.out());
        assertTrue(first.out().contains("Ingress            default/my-release-milvus  (manifests/08-ingress-my-release-milvus.yaml)"), first.out());
    }

    /**
     * What only a cloud knows is labelled where the plan writes it, so a reviewer reading a file or a diff cannot take it
     * for a real value: the addresses and the certificate checksum get " [placeholder]" after them, the certificate says so
     * in its own text.
     */
    @Test
    void everyValueOnlyACloudKnowsIsLabelledWhereItIsWritten(@TempDir Path tmp) throws IOException {
        var dnsStack = Files.writeString(tmp.resolve("Pulumi.dns.yaml"), "config:\n  milvus-gke-l7:domain: milvus.example.com\n"
                + "  milvus-gke-l7:dnsManagedZone: example-com\n");
        var checksum = com.milvusgke.milvus.MilvusReleaseTestAccess.sha256(Placeholders.CERTIFICATE_PEM);
        var label = " " + Placeholders.LABEL;
        var runs = Map.of("dev", List.of("--stack", "dev"), "prod", List.of("--stack", "prod"), "dns", List.of("--config", dnsStack.toString()));
        for (var entry : new TreeMap<>(runs).entrySet()) {
            var out = tmp.resolve("plan-" + entry.getKey());
            var run = plan(Stream.concat(entry.getValue().stream(), Stream.of("--out", out.toString())).toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            var written = files(out);
            for (var file : written.entrySet()) {
                var text = new String(file.getValue(), StandardCharsets.UTF_8);
                for (var bare : List.of(Placeholders.STATIC_IP, checksum)) {
                    assertEquals(count(text, bare), count(text, bare + label), entry.getKey() + " " + file.getKey() + ": " + bare
                            + " is written without its label");
                }
            }
            var outputs = (Map<?, ?>) json(out.resolve("plan.json")).get("outputs");
            assertEquals("203.0.113.10 [placeholder]", outputs.get("staticIpAddress"), entry.getKey());
            assertEquals("203.0.113.10 [placeholder]", outputs.get("ingressAddress"), entry.getKey());
            var values = new String(written.get("helm/my-release.values.yaml"), StandardCharsets.UTF_8);
            assertTrue(values.contains("checksum/tls-certificate: " + checksum + " [placeholder]\n"), values);
        }
        var devOutputs = (Map<?, ?>) json(tmp.resolve("plan-dev/plan.json")).get("outputs");
        assertTrue(String.valueOf(devOutputs.get("certificatePem")).contains("[placeholder] the tls provider generates this certificate"),
                String.valueOf(devOutputs.get("certificatePem")));
        var dnsPlan = Files.readString(tmp.resolve("plan-dns/plan.json"));
        assertTrue(dnsPlan.contains("\"rrdatas\": [\n          \"203.0.113.10 [placeholder]\"\n        ]"), dnsPlan);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void prodPlanUsesTheManagedCertificate(@TempDir Path tmp) throws IOException {
        var run = plan("--stack", "prod", "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run.err());
        var names = files(tmp).keySet();
        assertTrue(names.contains("manifests/07-managedcertificate-my-release-milvus-cert.yaml"), names.toString());
        assertTrue(names.contains("manifests/06-frontendconfig-my-release-milvus-frontend.yaml"), names.toString());
        assertTrue(names.contains("manifests/08-ingress-my-release-milvus.yaml"), names.toString());
        var ingress = Files.readString(tmp.resolve("manifests/08-ingress-my-release-milvus.yaml"));
        assertTrue(ingress.contains("networking.gke.io/managed-certificates: my-release-milvus-cert"), ingress);
        assertFalse(ingress.contains("tls:"), ingress);
    }

    @Test
    void theTreeSaysWhatDestroyKeepsAndThatAdoptionIsDecidedByUp(@TempDir Path tmp) throws IOException {
        var run = planStackFile(tmp, "adopt", "config:\n  milvus-gke-l7:domain: milvus.example.com\n"
                + "  milvus-gke-l7:adoptExistingObjects: true\n");
        assertEquals(0, run.exitCode(), run.err());
        var ingress = run.out().lines().filter(l -> l.contains("kubernetes:networking.k8s.io/v1:Ingress")).findFirst().orElseThrow();
        assertTrue(ingress.contains("kept on destroy if up finds it made by someone else and takes it over; deleted if up creates it"),
                ingress);
        // The stack's mark is in every manifest: a copy applied by hand carries it, which is why it proves nothing alone.
        assertTrue(Files.readString(tmp.resolve("out/manifests/08-ingress-my-release-milvus.yaml"))
                .contains("milvus-gke-l7.io/stack: organization/milvus-gke-l7/adopt"));
        var dev = plan("--stack", "dev", "--out", tmp.resolve("dev").toString());
        assertTrue(dev.out().lines().noneMatch(l -> l.contains("kept on destroy")), dev.out());
    }

    @Test
    void noPrivateKeyMaterialAnywhereInThePlan(@TempDir Path tmp) throws IOException {
        for (var stack : List.of("dev", "prod")) {
            var dir = tmp.resolve(stack);
            assertEquals(0, plan("--stack", stack, "--out", dir.toString()).exitCode());
            for (var entry : files(dir).entrySet()) {
                var text = new String(entry.getValue(), StandardCharsets.UTF_8);
                assertFalse(text.contains(PlaceholderMocks.PRIVATE_KEY), stack + "/" + entry.getKey() + " holds the private key");
                assertFalse(text.contains("PRIVATE KEY"), stack + "/" + entry.getKey() + " holds key material");
            }
        }
    }

    @Test
    void secureConfigStaysSecret(@TempDir Path tmp) throws IOException {
        var run = planStackFile(tmp, "ci", "config:\n  milvus-gke-l7:domain: milvus.example.com\n"
                + "  milvus-gke-l7:kubeconfig:\n    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=\n");
        var out = tmp.resolve("out");
        assertEquals(0, run.exitCode(), run.err());
        var planJson = Files.readString(out.resolve("plan.json"));
        assertFalse(planJson.contains("c2VjcmV0LWNpcGhlcnRleHQ"), "ciphertext leaked into the plan");
        assertTrue(planJson.contains("\"kubeconfig\": \"[secret]\""), planJson);
        assertTrue(json(out.resolve("plan.json")).get("stack").equals("ci"));
    }

    @Test
    void badConfigExitsTwoWithTheStacksMessageAndWritesNothing(@TempDir Path tmp) throws IOException {
        var run = planStackFile(tmp, "bad", "config:\n  milvus-gke-l7:domain: Milvus.Example.com\n  milvus-gke-l7:rsaBits: 1024\n");
        var out = tmp.resolve("out");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("milvus-gke-l7:domain = \"Milvus.Example.com\" is invalid"), run.err());
        assertTrue(run.err().contains("milvus-gke-l7:rsaBits = \"1024\" is invalid: allowed: 2048, 3072, 4096"), run.err());
        assertFalse(Files.exists(out), "nothing may be written on bad config");
        assertEquals("", run.out());
    }

    @Test
    void keysWithNoValueInTheStackFileAreRequiredNotTheTextNull(@TempDir Path tmp) throws IOException {
        var run = planStackFile(tmp, "empty", "config:\n  milvus-gke-l7:domain:\n  milvus-gke-l7:rsaBits:\n  milvus-gke-l7:clusterEnabled: \"\"\n"
                + "  milvus-gke-l7:securityPolicy:\n");
        var out = tmp.resolve("out");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("error: invalid stack configuration (3 problems):\n"
                + "  - milvus-gke-l7:rsaBits is empty, but it needs a value (RSA key size: 2048, 3072 or 4096); remove the key to use the"
                + " default, 2048\n"
                + "  - milvus-gke-l7:clusterEnabled is empty, but it needs a value (Milvus cluster mode (`true`, proxy serves clients) or"
                + " standalone (`false`)); remove the key to use the default, true\n"
                + "  - milvus-gke-l7:domain is required: the DNS name clients connect to, e.g. milvus.example.com"
                + " (pulumi config set domain milvus.example.com -s empty)\n", run.err().replace(System.lineSeparator(), "\n"));
        assertFalse(run.err().contains("null"), "an optional key with no value is unset, and no key reads as \"null\"");
        assertFalse(Files.exists(out), "nothing may be written on bad config");
    }

    @Test
    void badArgumentsAndMissingFilesExitTwo(@TempDir Path tmp) {
        assertEquals(2, plan().exitCode());
        var noValue = plan("--stack");
        assertEquals(2, noValue.exitCode());
        assertTrue(noValue.err().startsWith("plan: --stack needs a stack name"), noValue.err());
        assertEquals(2, plan("--stack", "--out", "x").exitCode());
        assertEquals(2, plan("--bogus", "x").exitCode());
        var missing = plan("--stack", "nosuchstack", "--out", tmp.resolve("x").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no stack 'nosuchstack': Pulumi.nosuchstack.yaml does not exist; stacks here: dev, prod"),
                missing.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void clashingOrRepeatedFlagsAreUsageErrorsAndWriteNothing(@TempDir Path tmp) {
        var out = tmp.resolve("out");
        var both = plan("--stack", "dev", "--config", "Pulumi.prod.yaml", "--out", out.toString());
        assertEquals(2, both.exitCode(), both.err());
        assertEquals("plan: --stack dev and --config Pulumi.prod.yaml cannot be given together: give only one of --stack, --config\n"
                + PlanCommand.USAGE + "\n", both.err().replace(System.lineSeparator(), "\n"));
        var twice = plan("--stack", "dev", "--stack", "prod", "--out", out.toString());
        assertEquals(2, twice.exitCode(), twice.err());
        assertTrue(twice.err().startsWith("plan: --stack is given twice (--stack dev, then --stack prod); give it once\n"), twice.err());
        var outTwice = plan("--stack", "dev", "--out", out.toString(), "--out", tmp.resolve("other").toString());
        assertEquals(2, outTwice.exitCode(), outTwice.err());
        assertTrue(outTwice.err().startsWith("plan: --out is given twice"), outTwice.err());
        for (var run : List.of(both, twice, outTwice)) {
            assertEquals("", run.out(), "nothing is evaluated");
        }
        assertFalse(Files.exists(out) || Files.exists(tmp.resolve("other")), "nothing may be written");
    }

    @Test
    void configOnADirectoryOrOnTheProjectFileSaysAStackFileIsWanted(@TempDir Path tmp) {
        var out = tmp.resolve("out");
        var dir = plan("--config", ".", "--out", out.toString());
        assertEquals(2, dir.exitCode(), dir.err());
        assertEquals("plan: --config . is a directory; give a stack file, Pulumi.<stack>.yaml (in it: Pulumi.dev.yaml, Pulumi.prod.yaml)",
                dir.err().strip());
        var emptyDir = plan("--config", tmp.toString(), "--out", out.toString());
        assertEquals("plan: --config " + tmp + " is a directory; give a stack file, Pulumi.<stack>.yaml", emptyDir.err().strip());
        var project = plan("--config", "Pulumi.yaml", "--out", out.toString());
        assertEquals(2, project.exitCode(), project.err());
        assertEquals("plan: --config Pulumi.yaml is the project file, which declares the settings; give a stack file, Pulumi.<stack>.yaml"
                + " (beside it: Pulumi.dev.yaml, Pulumi.prod.yaml), or --stack NAME", project.err().strip());
        for (var run : List.of(dir, emptyDir, project)) {
            assertEquals("", run.out());
        }
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void aPlanDirectoryIsReplacedWholeWhenSwitchingStacks(@TempDir Path tmp) throws IOException {
        var out = tmp.resolve("plan");
        assertEquals(0, plan("--stack", "dev", "--out", out.toString()).exitCode());
        assertEquals(0, plan("--stack", "prod", "--out", out.toString()).exitCode());
        var fresh = tmp.resolve("fresh");
        assertEquals(0, plan("--stack", "prod", "--out", fresh.toString()).exitCode());
        assertEquals(files(fresh).keySet(), files(out).keySet(), "files of the dev plan survived the prod plan");
    }

    @Test
    void refusesToOverwriteWhatPlanDidNotWrite(@TempDir Path tmp) throws IOException {
        var notes = Files.writeString(tmp.resolve("notes.txt"), "my notes");
        var file = plan("--stack", "dev", "--out", notes.toString());
        assertEquals(2, file.exitCode());
        assertTrue(file.err().contains(notes.toString()), file.err());
        assertEquals("my notes", Files.readString(notes));

        var docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("keep.md"), "mine");
        var dir = plan("--stack", "dev", "--out", docs.toString());
        assertEquals(2, dir.exitCode());
        assertEquals(List.of("keep.md"), List.copyOf(files(docs).keySet()));

        for (var root : List.of(".", "..", "/")) {
            var run = plan("--stack", "dev", "--out", root);
            assertEquals(2, run.exitCode(), root);
            assertTrue(run.err().contains("refusing to write the plan to " + root), run.err());
        }
        var projectDir = Path.of("").toAbsolutePath().normalize();
        var here = plan("--stack", "dev", "--out", ".");
        assertEquals("plan: refusing to write the plan to .: it is the project directory (" + projectDir + ")", here.err().strip());
        var above = plan("--stack", "dev", "--out", "..");
        assertEquals("plan: refusing to write the plan to ..: it contains the project directory (" + projectDir + ")", above.err().strip());
        assertTrue(Files.exists(Path.of("pom.xml")) && Files.exists(Path.of("Pulumi.yaml")), "the checkout must be intact");
        assertEquals("", plan("--stack", "dev", "--out", ".").out(), "nothing is evaluated for a refused target");
    }

    @Test
    void unknownKeysInTheProjectNamespaceExitTwoOthersAreLeftAlone(@TempDir Path tmp) throws IOException {
        Files.copy(Path.of("Pulumi.yaml"), tmp.resolve("Pulumi.yaml"));
        var run = planStackFile(tmp, "typo", "config:\n  milvus-gke-l7:domain: milvus.example.com\n"
                + "  milvus-gke-l7:rsabits: 4096\n  gcp:project: my-project\n  consumer:anything: 1\n");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("milvus-gke-l7:rsabits is not a setting of this program; did you mean rsaBits?"), run.err());
        assertFalse(run.err().contains("gcp:project") || run.err().contains("consumer:anything"), run.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void malformedYamlNamesFileLineAndColumn(@TempDir Path tmp) throws IOException {
        var run = planStackFile(tmp, "broken", "config:\n  milvus-gke-l7:domain: [milvus.example.com\n"
                + "  milvus-gke-l7:rsaBits: 4096\n");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().matches("(?s)plan: " + java.util.regex.Pattern.quote(tmp.resolve("Pulumi.broken.yaml").toString()) + ":\\d+:\\d+: not valid YAML: .+\n"),
                run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("snakeyaml"), run.err());
    }

    @Test
    void configFileReadsThePulumiYamlBesideIt(@TempDir Path tmp) throws IOException {
        var project = Files.readString(Path.of("Pulumi.yaml")).replace("name: milvus-gke-l7", "name: milvus-gke-l7\n# copy");
        Files.writeString(tmp.resolve("Pulumi.yaml"), project.replaceFirst("default: my-release", "default: beside-release"));
        var run = planStackFile(tmp, "staging", "config:\n  milvus-gke-l7:domain: milvus.example.com\n");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(tmp.resolve("out/plan.json")).contains("\"name\": \"beside-release\""),
                "the release name default must come from the Pulumi.yaml beside the stack file");
    }

    @Test
    void theSameObjectHasTheSameFileNameInEveryStack(@TempDir Path tmp) throws IOException {
        assertEquals(0, plan("--stack", "dev", "--out", tmp.resolve("dev").toString()).exitCode());
        assertEquals(0, plan("--stack", "prod", "--out", tmp.resolve("prod").toString()).exitCode());
        var dev = files(tmp.resolve("dev")).keySet().stream().filter(n -> n.startsWith("manifests/")).toList();
        var prod = files(tmp.resolve("prod")).keySet();
        for (var name : dev) {
            assertTrue(prod.contains(name), name + " of dev has another name in prod: " + prod);
        }
    }
}
