package com.milvusgke.k8s;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a preview and an up do with what the cluster check finds, or with a cluster it cannot reach. */
class LiveClusterCheckTest {
    private static final DeclaredObject INGRESS = new DeclaredObject("networking.k8s.io/v1", "Ingress", "ingresses", "search", "vectors-milvus");
    private static final String STACK = "acme/milvus-gke-l7/dev";
    private static final String RELEASES = "/api/v1/namespaces/search/secrets?labelSelector=owner%3Dhelm%2Cname%3Dvectors";

    private final Map<String, KubeApi.Response> answers = new HashMap<>(Map.of(
            "/api/v1/namespaces/search", new KubeApi.Response(200, "{\"metadata\":{\"name\":\"search\"}}")));
    private final List<String> warnings = new ArrayList<>();
    private final List<Optional<String>> connectedWith = new ArrayList<>();

    private LiveClusterCheck check(boolean preview, boolean adopt) {
        var objects = new ExistingObjectsCheck(List.of(INGRESS), "search", "vectors", false, adopt, STACK);
        return new LiveClusterCheck(objects, kubeconfig -> {
            connectedWith.add(kubeconfig);
            return path -> answers.getOrDefault(path, new KubeApi.Response(404, "{}"));
        }, preview, warnings::add);
    }

    private void handMadeIngress() {
        answers.put(INGRESS.path(), new KubeApi.Response(200, "{\"metadata\":{\"name\":\"vectors-milvus\"}}"));
    }

    @Test
    void nothingInTheWayPassesWithTheKubeconfigItWasGiven() {
        var takenOver = check(false, false).verify(Optional.of("apiVersion: v1"));
        assertEquals(new TakenOver(Set.of(), true), takenOver);
        assertEquals(List.of(Optional.of("apiVersion: v1")), connectedWith);
        assertEquals(List.of(), warnings);
    }

    @Test
    void someoneElsesObjectIsRefusedByPreviewAndUpAlike() {
        handMadeIngress();
        for (var preview : List.of(true, false)) {
            var e = assertThrows(ClusterCheckException.class, () -> check(preview, false).verify(Optional.empty()));
            assertTrue(e.getMessage().startsWith("refusing to touch the cluster: Ingress search/vectors-milvus already exists"),
                    e.getMessage());
        }
    }

    @Test
    void adoptingReportsWhatIsTakenOver() {
        handMadeIngress();
        var takenOver = check(false, true).verify(Optional.empty());
        assertTrue(takenOver.known());
        assertEquals(Set.of("Ingress search/vectors-milvus"), takenOver.objects());
        assertTrue(takenOver.keeps("Ingress", "search", "vectors-milvus", false));
        assertFalse(takenOver.keeps("Secret", "search", "vectors-milvus", true));
    }

    @Test
    void anUnfinishedHelmOperationStopsUpButAPreviewOnlyWarns() throws IOException {
        answers.put(RELEASES, new KubeApi.Response(200, "{\"items\":[" + pendingUpgrade() + "]}"));
        var preview = check(true, false).verify(Optional.empty());
        assertTrue(preview.known());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("is pending-upgrade"), warnings.get(0));
        var e = assertThrows(ClusterCheckException.class, () -> check(false, false).verify(Optional.empty()));
        assertTrue(e.getMessage().contains("is pending-upgrade"), e.getMessage());
    }

    @Test
    void anUnreachableClusterStopsUpButAPreviewWarnsAndKnowsNothing() {
        var unreachable = new LiveClusterCheck(new ExistingObjectsCheck(List.of(INGRESS), "search", "vectors", false, true, STACK),
                kubeconfig -> {
                    throw new IOException("connection refused");
                }, true, warnings::add);
        assertEquals(TakenOver.UNKNOWN, unreachable.verify(Optional.empty()));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("could not check the cluster for objects that this stack would take over: connection refused"),
                warnings.get(0));
        assertTrue(warnings.get(0).endsWith("(pulumi up checks again, and stops if it cannot)"), warnings.get(0));
        var up = new LiveClusterCheck(unreachable.check(), unreachable.connector(), false, warnings::add);
        var e = assertThrows(ClusterCheckException.class, () -> up.verify(Optional.empty()));
        assertEquals("refusing to touch the cluster: could not check the cluster for objects that this stack would take over:"
                + " connection refused", e.getMessage());
        // Not known: with adoption configured, every object counts as taken over (destroy keeps it); without, none.
        assertTrue(TakenOver.UNKNOWN.keeps("Ingress", "search", "vectors-milvus", true));
        assertFalse(TakenOver.UNKNOWN.keeps("Ingress", "search", "vectors-milvus", false));
    }

    @Test
    void severalProblemsAreOneMessageWithOneLineEach() {
        var e = new ClusterCheckException(List.of("first", "second"));
        assertEquals("refusing to touch the cluster (2 problems):\n  - first\n  - second", e.getMessage());
    }

    /** A Helm storage Secret of this stack's release, its latest revision left pending-upgrade. */
    private static String pendingUpgrade() throws IOException {
        var zipped = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(zipped)) {
            gzip.write(("{\"config\":{\"milvusGkeL7\":{\"stack\":\"" + STACK + "\"}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        var helm = java.util.Base64.getEncoder().encodeToString(zipped.toByteArray());
        var data = java.util.Base64.getEncoder().encodeToString(helm.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return "{\"metadata\":{\"labels\":{\"version\":\"2\",\"status\":\"pending-upgrade\"},"
                + "\"managedFields\":[{\"manager\":\"pulumi-kubernetes\"}]},\"data\":{\"release\":\"" + data + "\"}}";
    }
}
