package com.milvusgke.k8s;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of "never take over silently", against an API server that answers from a map. */
class ExistingObjectsCheckTest {
    private static final DeclaredObject INGRESS = new DeclaredObject("networking.k8s.io/v1", "Ingress", "ingresses", "search", "vectors-milvus");
    private static final DeclaredObject SECRET = new DeclaredObject("v1", "Secret", "secrets", "search", "vectors-milvus-tls");
    private static final String RELEASES = "/api/v1/namespaces/search/secrets?labelSelector=owner%3Dhelm%2Cname%3Dvectors";
    private static final String STACK = "acme/milvus-gke-l7/dev";
    /** The values this program gives the release, as Helm records them. */
    private static final String OURS = "{\"proxy\":{\"annotations\":{\"checksum/tls-certificate\":\"abc\"}},"
            + "\"milvusGkeL7\":{\"stack\":\"" + STACK + "\"}}";

    private final Map<String, KubeApi.Response> answers = new HashMap<>(Map.of(
            "/api/v1/namespaces/search", new KubeApi.Response(200, "{\"metadata\":{\"name\":\"search\"}}")));
    private final KubeApi api = path -> answers.getOrDefault(path, new KubeApi.Response(404, "{\"kind\":\"Status\",\"code\":404}"));

    private static ExistingObjectsCheck check(boolean existingRelease, boolean adopt) {
        return new ExistingObjectsCheck(List.of(INGRESS, SECRET), "search", "vectors", existingRelease, adopt, STACK);
    }

    private void object(DeclaredObject object, String labels) {
        answers.put(object.path(), new KubeApi.Response(200, "{\"metadata\":{\"name\":\"" + object.name() + "\"" + labels + "}}"));
    }

    private void releases(String... revisions) {
        answers.put(RELEASES, new KubeApi.Response(200, "{\"items\":[" + String.join(",", revisions) + "]}"));
    }

    /** A Helm storage Secret: labels, and data.release = base64(base64(gzip(release JSON))). */
    private static String revision(int version, String status, String configJson) throws IOException {
        return revision(version, status, configJson, "pulumi-kubernetes");
    }

    /** As above, the storage Secret written by {@code writer} (Helm's client inside the Pulumi provider, or helm). */
    private static String revision(int version, String status, String configJson, String writer) throws IOException {
        var zipped = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(zipped)) {
            gzip.write(("{\"name\":\"vectors\",\"config\":" + configJson + "}").getBytes(StandardCharsets.UTF_8));
        }
        var helm = Base64.getEncoder().encodeToString(zipped.toByteArray());
        var data = Base64.getEncoder().encodeToString(helm.getBytes(StandardCharsets.US_ASCII));
        return "{\"metadata\":{\"labels\":{\"owner\":\"helm\",\"name\":\"vectors\",\"version\":\"" + version
                + "\",\"status\":\"" + status + "\"},\"managedFields\":[{\"manager\":\"" + writer + "\",\"operation\":\"Update\"}]},"
                + "\"data\":{\"release\":\"" + data + "\"}}";
    }

    @Test
    void nothingThereIsFine() throws IOException {
        assertEquals(List.of(), check(false, false).inspect(api).all());
    }

    @Test
    void aHandMadeObjectIsRefusedWithItsNameNamespaceAndWhatToDo() throws IOException {
        object(INGRESS, "");
        object(SECRET, ",\"labels\":{\"app\":\"milvus\"}");
        var problems = check(false, false).inspect(api).all();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("Ingress search/vectors-milvus already exists and this stack did not make it"), problems.get(0));
        assertTrue(problems.get(0).contains("kubectl delete ingresses vectors-milvus -n search"), problems.get(0));
        assertTrue(problems.get(0).contains("pulumi config set adoptExistingObjects true"), problems.get(0));
        assertTrue(problems.get(1).startsWith("Secret search/vectors-milvus-tls"), problems.get(1));
    }

    /**
     * An object as the API server returns it: the stack's labels (which any copy carries), {@code annotations}, and
     * managedFields saying that {@code manager} wrote those annotations.
     */
    private void object(DeclaredObject object, String manager, Map<String, String> annotations) {
        var json = new com.google.gson.JsonObject();
        var metadata = new com.google.gson.JsonObject();
        metadata.addProperty("name", object.name());
        var labels = new com.google.gson.JsonObject();
        Labels.forRelease("vectors").forEach(labels::addProperty);
        metadata.add("labels", labels);
        var values = new com.google.gson.JsonObject();
        var owned = new com.google.gson.JsonObject();
        annotations.forEach((k, v) -> {
            values.addProperty(k, v);
            owned.add("f:" + k, new com.google.gson.JsonObject());
        });
        metadata.add("annotations", values);
        var fields = new com.google.gson.JsonObject();
        var fieldsMeta = new com.google.gson.JsonObject();
        fieldsMeta.add("f:annotations", owned);
        fieldsMeta.add("f:labels", new com.google.gson.JsonObject());
        fields.add("f:metadata", fieldsMeta);
        var entry = new com.google.gson.JsonObject();
        entry.addProperty("manager", manager);
        entry.addProperty("operation", "Apply");
        entry.add("fieldsV1", fields);
        var managed = new com.google.gson.JsonArray();
        // Another manager that owns nothing of the metadata, as the API server lists status writers.
        var status = new com.google.gson.JsonObject();
        status.addProperty("manager", "kube-controller-manager");
        status.add("fieldsV1", new com.google.gson.JsonObject());
        managed.add(status);
        managed.add(entry);
        metadata.add("managedFields", managed);
        json.add("metadata", metadata);
        answers.put(object.path(), new KubeApi.Response(200, json.toString()));
    }

    @Test
    void anObjectThisStacksProviderMarkedIsItsOwn() throws IOException {
        // From an earlier or interrupted up: server-side apply's manager, or client-side apply's.
        object(INGRESS, "pulumi-kubernetes-1a2b3c4d", Map.of(Ownership.STACK_ANNOTATION, STACK));
        object(SECRET, "pulumi-kubernetes", Map.of(Ownership.STACK_ANNOTATION, STACK));
        var findings = check(false, false).inspect(api);
        assertEquals(List.of(), findings.all());
        assertEquals(List.of(), findings.takenOver(), "created by the stack: destroy removes them");
    }

    @Test
    void aCopyOfTheStacksMarksAppliedByKubectlIsRefused() throws IOException {
        // plan's manifests applied by hand: the same labels and the same annotation, written by kubectl.
        object(INGRESS, "kubectl-client-side-apply", Map.of(Ownership.STACK_ANNOTATION, STACK));
        object(SECRET, "kubectl", Map.of(Ownership.STACK_ANNOTATION, STACK));
        var problems = check(false, false).inspect(api).all();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("Ingress search/vectors-milvus already exists and this stack did not make it"), problems.get(0));
        assertTrue(problems.get(1).startsWith("Secret search/vectors-milvus-tls already exists"), problems.get(1));
        // A manager whose name only starts like Pulumi's is not Pulumi's.
        object(INGRESS, "pulumi-kubernetesx", Map.of(Ownership.STACK_ANNOTATION, STACK));
        object(SECRET, "my-pulumi-kubernetes", Map.of(Ownership.STACK_ANNOTATION, STACK));
        assertEquals(2, check(false, false).inspect(api).all().size());
    }

    @Test
    void aPulumiWrittenObjectWithoutTheStackMarkIsNotTheStacks() throws IOException {
        // Pulumi wrote other annotations, not this stack's mark (another program, or labels alone).
        object(INGRESS, "pulumi-kubernetes-1a2b3c4d", Map.of("kubernetes.io/ingress.class", "gce"));
        assertEquals(1, check(false, false).inspect(api).all().size());
        // The mark is there, written by kubectl, while Pulumi owns only another annotation.
        answers.put(INGRESS.path(), new KubeApi.Response(200, "{\"metadata\":{\"name\":\"vectors-milvus\",\"annotations\":{\""
                + Ownership.STACK_ANNOTATION + "\":\"" + STACK + "\",\"a\":\"b\"},\"managedFields\":["
                + "{\"manager\":\"pulumi-kubernetes-x\",\"fieldsV1\":{\"f:metadata\":{\"f:annotations\":{\"f:a\":{}}}}},"
                + "{\"manager\":\"kubectl\",\"fieldsV1\":{\"f:metadata\":{\"f:annotations\":{\"f:" + Ownership.STACK_ANNOTATION + "\":{}}}}}]}}"));
        assertEquals(1, check(false, false).inspect(api).all().size());
        // No managedFields at all (an API server that strips them): not proven, so not the stack's.
        answers.put(INGRESS.path(), new KubeApi.Response(200, "{\"metadata\":{\"name\":\"vectors-milvus\",\"annotations\":{\""
                + Ownership.STACK_ANNOTATION + "\":\"" + STACK + "\"}}}"));
        assertEquals(1, check(false, false).inspect(api).all().size());
    }

    @Test
    void anotherStacksObjectIsRefusedNamingThatStackEvenWhenAdopting() throws IOException {
        object(INGRESS, "pulumi-kubernetes-9f8e7d6c", Map.of(Ownership.STACK_ANNOTATION, "acme/milvus-gke-l7/prod"));
        for (var adopt : List.of(false, true)) {
            var problems = check(false, adopt).inspect(api).all();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("Ingress search/vectors-milvus belongs to the stack acme/milvus-gke-l7/prod"),
                    problems.get(0));
            assertTrue(problems.get(0).contains("not to " + STACK), problems.get(0));
        }
    }

    @Test
    void adoptingTakesOverSomeoneElsesObjectsAndOnlyThose() throws IOException {
        object(INGRESS, "kubectl-client-side-apply", Map.of(Ownership.STACK_ANNOTATION, STACK));
        var findings = check(false, true).inspect(api);
        assertEquals(List.of(), findings.all());
        assertEquals(List.of(INGRESS), findings.takenOver(), "the Secret does not exist: the stack creates it");
        // After the take-over the object carries the stack's marks, its own adoption mark among them.
        object(INGRESS, "pulumi-kubernetes-1a2b3c4d", Map.of(Ownership.STACK_ANNOTATION, STACK, Ownership.ADOPTED_ANNOTATION, "true"));
        object(SECRET, "pulumi-kubernetes-1a2b3c4d", Map.of(Ownership.STACK_ANNOTATION, STACK));
        assertEquals(List.of(INGRESS), check(false, true).inspect(api).takenOver());
        assertEquals(List.of(INGRESS), check(false, false).inspect(api).takenOver(), "kept whatever the config says now");
        // An adoption mark someone else wrote does not count.
        object(SECRET, "kubectl", Map.of(Ownership.ADOPTED_ANNOTATION, "true"));
        object(INGRESS, "pulumi-kubernetes-1a2b3c4d", Map.of(Ownership.STACK_ANNOTATION, STACK));
        answers.put(SECRET.path(), answers.get(SECRET.path()));
        var mixed = "{\"metadata\":{\"name\":\"vectors-milvus\",\"annotations\":{\"" + Ownership.STACK_ANNOTATION + "\":\""
                + STACK + "\",\"" + Ownership.ADOPTED_ANNOTATION + "\":\"true\"},\"managedFields\":["
                + "{\"manager\":\"pulumi-kubernetes-x\",\"fieldsV1\":{\"f:metadata\":{\"f:annotations\":{\"f:" + Ownership.STACK_ANNOTATION + "\":{}}}}},"
                + "{\"manager\":\"kubectl\",\"fieldsV1\":{\"f:metadata\":{\"f:annotations\":{\"f:" + Ownership.ADOPTED_ANNOTATION + "\":{}}}}}]}}";
        answers.put(INGRESS.path(), new KubeApi.Response(200, mixed));
        answers.remove(SECRET.path());
        assertEquals(List.of(), check(false, false).inspect(api).takenOver());
    }

    @Test
    void aReleaseAnotherStackInstalledIsRefusedNamingItWhateverTheConfig() throws IOException {
        releases(revision(1, "deployed", "{\"milvusGkeL7\":{\"stack\":\"acme/milvus-gke-l7/prod\"}}"));
        for (var existing : List.of(false, true)) {
            var problems = check(existing, false).inspect(api).all();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("the Helm release search/vectors belongs to the stack acme/milvus-gke-l7/prod"),
                    problems.get(0));
        }
        // The program's own values without a stack's mark (its pod annotation alone) prove nothing.
        releases(revision(1, "deployed", "{\"proxy\":{\"annotations\":{\"checksum/tls-certificate\":\"abc\"}}}"));
        assertEquals(1, check(false, false).inspect(api).all().size());
        releases(revision(1, "deployed", "{\"milvusGkeL7\":\"" + STACK + "\"}"));
        assertEquals(1, check(false, false).inspect(api).all().size());
    }

    @Test
    void aReleaseInstalledByHandIsRefusedUnlessTheConfigSaysItExists() throws IOException {
        releases(revision(1, "superseded", "{\"service\":{\"type\":\"LoadBalancer\"}}"),
                revision(2, "deployed", "{\"service\":{\"type\":\"LoadBalancer\"}}"));
        var problems = check(false, false).inspect(api).all();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("the Helm release search/vectors already exists and this stack did not install it"), problems.get(0));
        assertTrue(problems.get(0).contains("pulumi config set existingRelease true && pulumi config set adoptRelease true"), problems.get(0));
        assertEquals(List.of(), check(true, false).inspect(api).all());
    }

    @Test
    void aReleaseThisProgramInstalledPasses() throws IOException {
        releases(revision(3, "deployed", OURS));
        assertEquals(List.of(), check(false, false).inspect(api).all());
    }

    @Test
    void existingReleaseWithoutAReleaseIsRefused() throws IOException {
        var problems = check(true, false).inspect(api).all();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("existingRelease is set, but there is no Helm release search/vectors"), problems.get(0));
        // An uninstalled release (helm uninstall --keep-history) is no release.
        releases(revision(1, "uninstalled", "{}"));
        assertEquals(1, check(true, false).inspect(api).all().size());
        assertEquals(List.of(), check(false, false).inspect(api).all());
    }

    @Test
    void aFirstInstallOfThisStackThatDidNotFinishIsUnfinishedWithTheWayBack() throws IOException {
        // `pulumi up` killed while Helm installed: Helm leaves revision 1 pending-install and refuses the name after.
        releases(revision(1, "pending-install", OURS));
        var findings = check(false, false).inspect(api);
        assertEquals(List.of(), findings.refusals());
        assertEquals(1, findings.unfinished().size(), findings.toString());
        var message = findings.unfinished().get(0);
        assertTrue(message.startsWith("the Helm release search/vectors is pending-install (revision 1): an operation on it has not finished"), message);
        assertTrue(message.contains("helm uninstall vectors -n search, then pulumi up again"), message);
        assertEquals(findings.unfinished(), check(false, false).inspect(api).all());
    }

    @Test
    void anUpgradeOrRollbackThatDidNotFinishIsRolledBackNotUninstalled() throws IOException {
        for (var status : List.of("pending-upgrade", "pending-rollback")) {
            releases(revision(1, "superseded", OURS),
                    revision(2, status, OURS));
            var message = check(false, false).inspect(api).unfinished().get(0);
            assertTrue(message.startsWith("the Helm release search/vectors is " + status + " (revision 2)"), message);
            assertTrue(message.contains("helm rollback vectors -n search --wait, then pulumi up again"), message);
            assertTrue(!message.contains("uninstall"), message);
        }
    }

    @Test
    void anAdoptedReleaseLeftPendingIsNeverToldToBeUninstalled() throws IOException {
        // The user's own release (existingRelease) mid-install: not this stack's to remove.
        releases(revision(1, "pending-install", "{\"service\":{\"type\":\"LoadBalancer\"}}"));
        var message = check(true, false).inspect(api).unfinished().get(0);
        assertTrue(message.contains("check it with helm status vectors -n search"), message);
        assertTrue(!message.contains("uninstall vectors"), message);
        // Someone else's release is refused as before, whatever its state.
        var findings = check(false, false).inspect(api);
        assertEquals(1, findings.refusals().size());
        assertEquals(List.of(), findings.unfinished());
    }

    @Test
    void aDeployedReleaseIsNotUnfinished() throws IOException {
        releases(revision(1, "superseded", OURS),
                revision(2, "deployed", OURS));
        assertEquals(new ExistingObjectsCheck.Findings(List.of(), List.of(), List.of()), check(false, false).inspect(api));
        // A failed upgrade is over (Helm takes the next one): nothing to report either.
        releases(revision(1, "deployed", OURS),
                revision(2, "failed", OURS));
        assertEquals(List.of(), check(false, false).inspect(api).all());
    }

    @Test
    void aNamespaceThatDoesNotExistIsRefusedNotCreated() throws IOException {
        answers.remove("/api/v1/namespaces/search");
        var problems = check(false, false).inspect(api).all();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("the namespace search does not exist; create it (kubectl create namespace search)"),
                problems.get(0));
    }

    @Test
    void anApiServerThatWillNotAnswerIsAnErrorNotASilentPass() {
        answers.put(INGRESS.path(), new KubeApi.Response(403, "{\"message\":\"forbidden\"}"));
        var e = assertThrows(IOException.class, () -> check(false, false).inspect(api).all());
        assertTrue(e.getMessage().contains("Ingress search/vectors-milvus") && e.getMessage().contains("403"), e.getMessage());
    }

    @Test
    void aNamespaceOrReleaseListThatWillNotAnswerIsAnErrorToo() {
        answers.put("/api/v1/namespaces/search", new KubeApi.Response(403, "{\"message\":\"namespaces forbidden\"}"));
        var e = assertThrows(IOException.class, () -> check(false, false).inspect(api));
        assertEquals("could not read the namespace search: the API server answered 403 {\"message\":\"namespaces forbidden\"}", e.getMessage());
        answers.put("/api/v1/namespaces/search", new KubeApi.Response(200, "{\"metadata\":{\"name\":\"search\"}}"));
        answers.put(RELEASES, new KubeApi.Response(403, "{\"message\":\"secrets forbidden\"}"));
        e = assertThrows(IOException.class, () -> check(false, false).inspect(api));
        assertTrue(e.getMessage().startsWith("could not read the Helm release search/vectors: the API server answered 403"), e.getMessage());
    }

    @Test
    void aLongAnswerIsCutToOneLineOf300Characters() {
        var body = "x".repeat(150) + "\n  " + "y".repeat(200);
        answers.put(INGRESS.path(), new KubeApi.Response(500, body));
        var e = assertThrows(IOException.class, () -> check(false, false).inspect(api));
        var expected = ("x".repeat(150) + " " + "y".repeat(200)).substring(0, 300) + "...";
        assertEquals("could not read Ingress search/vectors-milvus: the API server answered 500 " + expected, e.getMessage());
        answers.put(INGRESS.path(), new KubeApi.Response(500, "z".repeat(300)));
        e = assertThrows(IOException.class, () -> check(false, false).inspect(api));
        assertTrue(e.getMessage().endsWith(" 500 " + "z".repeat(300)), e.getMessage());
    }

    @Test
    void aReleaseStoredWithoutCompressionIsReadToo() {
        // Helm's storage compresses; a record written without it (older tools) must read the same.
        var json = "{\"name\":\"vectors\",\"config\":" + OURS + "}";
        var helm = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        var data = Base64.getEncoder().encodeToString(helm.getBytes(StandardCharsets.US_ASCII));
        releases("{\"metadata\":{\"labels\":{\"version\":\"1\",\"status\":\"pending-install\"},"
                + "\"managedFields\":[{\"manager\":\"pulumi-kubernetes\"}]},\"data\":{\"release\":\"" + data + "\"}}");
        var findings = assertDoesNotThrowInspect();
        assertEquals(List.of(), findings.refusals());
        assertTrue(findings.unfinished().get(0).contains("helm uninstall vectors -n search"), findings.unfinished().toString());
    }

    private ExistingObjectsCheck.Findings assertDoesNotThrowInspect() {
        try {
            return check(false, false).inspect(api);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aReleaseMarkWrittenByHelmAloneProvesNothingButAHelmRollbackKeepsIt() throws IOException {
        // helm install -f the plan's values file: the mark is there, written by helm.
        releases(revision(1, "deployed", OURS, "helm"));
        var problems = check(false, false).inspect(api).all();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("already exists and this stack did not install it"), problems.get(0));
        // Another stack's mark copied by helm names no stack either.
        releases(revision(1, "deployed", "{\"milvusGkeL7\":{\"stack\":\"acme/milvus-gke-l7/prod\"}}", "helm"));
        assertTrue(check(false, false).inspect(api).all().get(0).contains("this stack did not install it"));
        // The stack's own release, rolled back by hand (README, "When up is interrupted"): helm wrote revision 3
        // from revision 1's values; revision 1 was written by the stack's provider.
        releases(revision(1, "superseded", OURS), revision(2, "superseded", OURS), revision(3, "deployed", OURS, "helm"));
        assertEquals(List.of(), check(false, false).inspect(api).all());
    }
}
