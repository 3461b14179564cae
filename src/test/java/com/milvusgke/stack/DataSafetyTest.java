package com.milvusgke.stack;

import com.milvusgke.StackFixture;
import com.milvusgke.config.ConfigSource;
import com.milvusgke.config.StackConfigParser;
import com.milvusgke.k8s.ClusterCheck;
import com.milvusgke.k8s.ClusterCheckException;
import com.milvusgke.k8s.DeclaredObject;
import com.milvusgke.k8s.ExistingObjectsCheck;
import com.milvusgke.milvus.UserValuesCheck;
import com.milvusgke.plan.PlaceholderMocks;
import com.milvusgke.plan.RecordedResource;
import com.milvusgke.plan.StackEvaluation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.milvusgke.StackFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What destroy keeps, what the stack takes over, and that a refusing cluster check creates nothing. */
class DataSafetyTest {
    private static StackEvaluation ok(String... config) {
        var evaluation = StackFixture.run(config);
        assertTrue(evaluation.succeeded(), () -> evaluation.errors() + " " + evaluation.exceptions());
        return evaluation;
    }

    private static List<RecordedResource> kubernetesObjects(StackEvaluation e) {
        return e.resources().stream().filter(r -> r.custom() && r.type().startsWith("kubernetes:")).toList();
    }

    @Test
    void aReleaseTheStackInstalledIsUninstalledByDestroy() {
        var e = ok("domain", "milvus.example.com");
        assertFalse(e.single(MilvusL7StackTest.RELEASE).retainOnDelete());
        assertTrue(kubernetesObjects(e).stream().noneMatch(RecordedResource::retainOnDelete));
    }

    @Test
    void anExistingReleaseAndTheSecretItsPodsMountAreKeptByDestroy() {
        for (var step : List.of(List.of("existingRelease", "true", "adoptRelease", "true"), List.<String>of())) {
            var config = new ArrayList<>(List.of("domain", "milvus.example.com", "existingRelease", "true"));
            config.addAll(step);
            var e = ok(config.toArray(String[]::new));
            assertTrue(e.single(MilvusL7StackTest.RELEASE).retainOnDelete(), "the release in step " + step);
            assertTrue(e.single(MilvusL7StackTest.SECRET).retainOnDelete(), "the TLS Secret the kept pods mount");
            // What the stack made only for the load balancer still goes.
            assertFalse(e.single(MilvusL7StackTest.INGRESS).retainOnDelete());
            assertFalse(e.single(MilvusL7StackTest.BACKEND_CONFIG).retainOnDelete());
        }
    }

    @Test
    void adoptingHandMadeObjectsTakesTheGuidesNamesForcesTheSpecAndKeepsThem() {
        var e = ok("domain", "milvus.example.com", "certificateMode", "google-managed", "adoptExistingObjects", "true");
        var objects = kubernetesObjects(e).stream().filter(r -> !r.type().equals(MilvusL7StackTest.RELEASE)).toList();
        assertFalse(objects.isEmpty());
        for (var object : objects) {
            assertTrue(object.retainOnDelete(), object.name() + " is kept on destroy");
            assertEquals("true", object.input("metadata", "annotations", "pulumi.com/patchForce"), object.name());
        }
        assertEquals("my-release-backendconfig", e.single(MilvusL7StackTest.BACKEND_CONFIG).input("metadata", "name"));
        assertEquals("my-release-milvus-tls", e.single(MilvusL7StackTest.MANAGED_CERT).input("metadata", "name"));
        assertEquals("my-release-milvus", e.single(MilvusL7StackTest.INGRESS).input("metadata", "name"));
        // The Service's annotation and the Ingress follow the names.
        var service = map(map(map(e.single(MilvusL7StackTest.RELEASE).input("values")).get("service")).get("annotations"));
        assertEquals("{\"default\":\"my-release-backendconfig\"}", service.get("cloud.google.com/backend-config"));
        assertEquals("my-release-milvus-tls",
                e.single(MilvusL7StackTest.INGRESS).input("metadata", "annotations", "networking.gke.io/managed-certificates"));
        // Not the release: the stack installed it.
        assertFalse(e.single(MilvusL7StackTest.RELEASE).retainOnDelete());
    }

    @Test
    void theCheckSeesEveryObjectTheStackDeclaresUnderItsName() {
        for (var config : List.of(
                new String[]{"domain", "milvus.example.com", "restApi", "true", "certificateMode", "google-managed"},
                new String[]{"domain", "milvus.example.com", "releaseName", "vectors", "namespace", "search", "adoptExistingObjects", "true"})) {
            var seen = new ArrayList<ExistingObjectsCheck>();
            var e = run(check -> {
                seen.add(check);
                return ClusterCheck.OFFLINE;
            }, config);
            assertTrue(e.succeeded(), e.errors().toString());
            assertEquals(1, seen.size());
            var declared = seen.get(0).objects().stream().map(o -> o.kind() + " " + o.namespace() + "/" + o.name()).sorted().toList();
            var registered = kubernetesObjects(e).stream().filter(r -> !r.type().equals(MilvusL7StackTest.RELEASE))
                    .map(r -> kind(r) + " " + r.input("metadata", "namespace") + "/" + r.input("metadata", "name")).sorted().toList();
            assertEquals(registered, declared);
            var paths = seen.get(0).objects().stream().map(DeclaredObject::path).toList();
            assertTrue(paths.stream().allMatch(p -> p.matches("/apis?/.+/namespaces/[a-z0-9-]+/[a-z]+/[a-z0-9-]+")), paths.toString());
        }
    }

    @Test
    void aRefusingCheckCreatesNothingAnywhere() {
        // The kubeconfig known at once (ambient) and only later (another stack's output): the same result.
        for (var config : List.of(new String[]{"domain", "milvus.example.com"},
                new String[]{"domain", "milvus.example.com", "clusterStack", "acme/gke/prod"})) {
            var e = run(false, check -> kubeconfig -> {
                throw new ClusterCheckException(List.of("Ingress default/my-release-milvus already exists"));
            }, config);
            assertFalse(e.succeeded());
            assertTrue(e.errors().toString().contains("Ingress default/my-release-milvus already exists"), e.errors().toString());
            // The provider itself may start meanwhile: it is not an object anywhere.
            var created = e.resources().stream().filter(RecordedResource::custom).map(RecordedResource::type)
                    .filter(t -> !t.equals("pulumi:pulumi:StackReference") && !t.startsWith("pulumi:providers:")).toList();
            assertEquals(List.of(), created, "nothing may be created when the check refuses");
        }
    }

    @Test
    void destroyKeepsExactlyTheObjectsTheCheckFoundTakenOver() {
        // The cluster had a hand-made Ingress and nothing else under the declared names.
        var e = run(check -> kubeconfig -> com.milvusgke.k8s.TakenOver.of(check.objects().stream()
                        .filter(o -> o.kind().equals("Ingress")).toList()),
                "domain", "milvus.example.com", "certificateMode", "google-managed", "adoptExistingObjects", "true");
        assertTrue(e.succeeded(), e.errors().toString());
        var objects = kubernetesObjects(e).stream().filter(r -> !r.type().equals(MilvusL7StackTest.RELEASE)).toList();
        assertEquals(6, objects.size(), objects.toString());  // TLS and root-credentials Secrets, BackendConfig, ManagedCertificate, FrontendConfig, Ingress
        for (var object : objects) {
            boolean ingress = object.type().equals(MilvusL7StackTest.INGRESS);
            assertEquals(ingress, object.retainOnDelete(), object.name() + ": destroy keeps only what was taken over");
            assertEquals(ingress ? "true" : null, object.input("metadata", "annotations", com.milvusgke.k8s.Ownership.ADOPTED_ANNOTATION),
                    object.name());
            assertEquals("organization/" + StackFixture.PROJECT + "/dev",
                    object.input("metadata", "annotations", com.milvusgke.k8s.Ownership.STACK_ANNOTATION), object.name());
        }
        assertFalse(e.single(MilvusL7StackTest.RELEASE).retainOnDelete());
    }

    @Test
    void aRefusalIsTheProgramsOwnMessageNotASerializationFailure() {
        var e = run(false, check -> kubeconfig -> {
            throw new ClusterCheckException(List.of("Ingress default/my-release-milvus already exists"));
        }, "domain", "milvus.example.com");
        assertFalse(e.succeeded());
        var all = e.errors() + " " + e.exceptions();
        assertTrue(all.contains("refusing to touch the cluster: Ingress default/my-release-milvus already exists"), all);
        assertFalse(all.toLowerCase(java.util.Locale.ROOT).contains("serializ"), all);
    }

    private static String kind(RecordedResource r) {
        var type = r.type();
        return type.substring(type.lastIndexOf(':') + 1);
    }

    private static StackEvaluation run(java.util.function.Function<ExistingObjectsCheck, ClusterCheck> check, String... config) {
        return run(true, check, config);
    }

    /** Without the outputs, a failing run still reports what it registered (the test harness throws on failed outputs). */
    private static StackEvaluation run(boolean exportOutputs, java.util.function.Function<ExistingObjectsCheck, ClusterCheck> check,
                                       String... config) {
        var values = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < config.length; i += 2) {
            values.put(StackFixture.PROJECT + ":" + config[i], config[i + 1]);
        }
        return StackEvaluation.run(StackFixture.PROJECT, "dev", values, Set.of(), new PlaceholderMocks(List.of("kubeconfig")),
                (ctx, keys, secretKeys) -> {
                    var parsed = StackConfigParser.parse(ConfigSource.of(ctx.config(), ctx.stackName(), keys), UserValuesCheck::all);
                    var stack = new MilvusL7Stack("milvus-l7", MilvusL7Stack.Args.from(parsed, ctx.organizationName() + "/" + ctx.projectName() + "/" + ctx.stackName(), check), null);
                    if (exportOutputs) {
                        stack.outputs().exportTo(ctx);
                    }
                });
    }
}
