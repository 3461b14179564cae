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
    private static final String MARKER = "checksum/tls-certificate";

    private final Map<String, KubeApi.Response> answers = new HashMap<>(Map.of(
            "/api/v1/namespaces/search", new KubeApi.Response(200, "{\"metadata\":{\"name\":\"search\"}}")));
    private final KubeApi api = path -> answers.getOrDefault(path, new KubeApi.Response(404, "{\"kind\":\"Status\",\"code\":404}"));

    private static ExistingObjectsCheck check(boolean existingRelease, boolean adopt) {
        return new ExistingObjectsCheck(List.of(INGRESS, SECRET), "search", "vectors", existingRelease, adopt, MARKER);
    }

    private void object(DeclaredObject object, String labels) {
        answers.put(object.path(), new KubeApi.Response(200, "{\"metadata\":{\"name\":\"" + object.name() + "\"" + labels + "}}"));
    }

    private void releases(String... revisions) {
        answers.put(RELEASES, new KubeApi.Response(200, "{\"items\":[" + String.join(",", revisions) + "]}"));
    }

    /** A Helm storage Secret: labels, and data.release = base64(base64(gzip(release JSON))). */
    private static String revision(int version, String status, String configJson) throws IOException {
        var zipped = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(zipped)) {
            gzip.write(("{\"name\":\"vectors\",\"config\":" + configJson + "}").getBytes(StandardCharsets.UTF_8));
        }
        var helm = Base64.getEncoder().encodeToString(zipped.toByteArray());
        var data = Base64.getEncoder().encodeToString(helm.getBytes(StandardCharsets.US_ASCII));
        return "{\"metadata\":{\"labels\":{\"owner\":\"helm\",\"name\":\"vectors\",\"version\":\"" + version
                + "\",\"status\":\"" + status + "\"}},\"data\":{\"release\":\"" + data + "\"}}";
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

    @Test
    void theStacksOwnObjectsAndAdoptedOnesPass() throws IOException {
        object(INGRESS, ",\"labels\":{\"app.kubernetes.io/part-of\":\"milvus-gke-l7\",\"app.kubernetes.io/instance\":\"vectors\"}");
        assertEquals(List.of(), check(false, false).inspect(api).all());
        // Another release's object of this program is not this stack's.
        object(INGRESS, ",\"labels\":{\"app.kubernetes.io/part-of\":\"milvus-gke-l7\",\"app.kubernetes.io/instance\":\"other\"}");
        assertEquals(1, check(false, false).inspect(api).all().size());
        assertEquals(List.of(), check(false, true).inspect(api).all());
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
        releases(revision(3, "deployed", "{\"proxy\":{\"annotations\":{\"" + MARKER + "\":\"abc\"}}}"));
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
        releases(revision(1, "pending-install", "{\"proxy\":{\"annotations\":{\"" + MARKER + "\":\"abc\"}}}"));
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
            releases(revision(1, "superseded", "{\"proxy\":{\"annotations\":{\"" + MARKER + "\":\"abc\"}}}"),
                    revision(2, status, "{\"proxy\":{\"annotations\":{\"" + MARKER + "\":\"def\"}}}"));
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
        releases(revision(1, "superseded", "{\"proxy\":{\"annotations\":{\"" + MARKER + "\":\"abc\"}}}"),
                revision(2, "deployed", "{\"proxy\":{\"annotations\":{\"" + MARKER + "\":\"def\"}}}"));
        assertEquals(new ExistingObjectsCheck.Findings(List.of(), List.of()), check(false, false).inspect(api));
        // A failed upgrade is over (Helm takes the next one): nothing to report either.
        releases(revision(1, "deployed", "{\"proxy\":{\"annotations\":{\"" + MARKER + "\":\"abc\"}}}"),
                revision(2, "failed", "{\"proxy\":{\"annotations\":{\"" + MARKER + "\":\"def\"}}}"));
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
}
