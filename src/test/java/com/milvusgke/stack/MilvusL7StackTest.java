package com.milvusgke.stack;

import com.milvusgke.StackFixture;
import com.milvusgke.plan.PlaceholderMocks;
import com.milvusgke.plan.RecordedResource;
import com.milvusgke.plan.SecretValue;
import com.milvusgke.plan.StackEvaluation;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.milvusgke.StackFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each provider receives, for the certificate modes and Milvus modes users run. */
class MilvusL7StackTest {
    static final String ADDRESS = "gcp:compute/globalAddress:GlobalAddress";
    static final String PRIVATE_KEY = "tls:index/privateKey:PrivateKey";
    static final String CERT = "tls:index/selfSignedCert:SelfSignedCert";
    static final String SECRET = "kubernetes:core/v1:Secret";
    static final String BACKEND_CONFIG = "kubernetes:cloud.google.com/v1:BackendConfig";
    static final String MANAGED_CERT = "kubernetes:networking.gke.io/v1:ManagedCertificate";
    static final String FRONTEND_CONFIG = "kubernetes:networking.gke.io/v1beta1:FrontendConfig";
    static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    static final String INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
    static final String K8S_PROVIDER = "pulumi:providers:kubernetes";

    private static StackEvaluation ok(String... config) {
        var evaluation = StackFixture.run(config);
        assertTrue(evaluation.succeeded(), () -> evaluation.errors() + " " + evaluation.exceptions());
        return evaluation;
    }

    /** The backend certificate's key or Secret (the credentials have a key and a Secret of their own). */
    static RecordedResource tlsResource(StackEvaluation e, String type) {
        var found = e.ofType(type).stream().filter(r -> r.name().startsWith("milvus-l7-tls-")).toList();
        assertEquals(1, found.size(), type + ": " + found);
        return found.get(0);
    }

    private static Map<String, Object> values(StackEvaluation e) {
        return map(e.single(RELEASE).input("values"));
    }

    @Test
    void selfManagedClusterMode() {
        var e = ok("domain", "milvus-dev.example.com");

        var address = e.single(ADDRESS);
        assertEquals(Map.of("name", "milvus-dev-ip", "addressType", "EXTERNAL", "ipVersion", "IPV4",
                "description", "Milvus milvus-dev.example.com (Pulumi stack, L7 load balancer)"), address.inputs());
        assertTrue(address.protect(), "the static IP must be protected");

        var key = tlsResource(e, PRIVATE_KEY);
        assertEquals(Map.of("algorithm", "RSA", "rsaBits", 2048L), key.inputs());
        assertEquals(Optional.of("5.5.1"), key.version());

        var cert = e.single(CERT);
        assertEquals(Map.of("commonName", "milvus-dev.example.com"), cert.input("subject"));
        assertEquals(List.of("milvus-dev.example.com"), cert.input("dnsNames"));
        assertEquals(8760L, cert.input("validityPeriodHours"));
        assertEquals(720L, cert.input("earlyRenewalHours"));
        assertEquals(List.of("server_auth", "digital_signature", "key_encipherment"), cert.input("allowedUses"));
        assertEquals(List.of("privateKeyPem"), cert.secretPaths());
        assertEquals(Optional.of("5.5.1"), cert.version());

        var secret = tlsResource(e, SECRET);
        assertEquals("kubernetes.io/tls", secret.input("type"));
        assertEquals("my-release-milvus-tls", secret.input("metadata", "name"));
        assertEquals("default", secret.input("metadata", "namespace"));
        assertEquals(List.of("stringData"), secret.secretPaths());
        var tlsData = map(((SecretValue) secret.input("stringData")).value());
        assertEquals(Set.of("tls.crt", "tls.key"), tlsData.keySet());
        assertEquals(PlaceholderMocks.CERTIFICATE_PEM, tlsData.get("tls.crt"));

        var backendConfig = e.single(BACKEND_CONFIG);
        assertEquals("my-release-milvus-backend", backendConfig.input("metadata", "name"));
        assertEquals(Map.of("type", "HTTP", "port", 9091L, "requestPath", "/healthz", "checkIntervalSec", 10L,
                "timeoutSec", 5L, "healthyThreshold", 1L, "unhealthyThreshold", 3L), backendConfig.input("spec", "healthCheck"));
        assertEquals(600L, backendConfig.input("spec", "timeoutSec"));
        assertEquals(Map.of("drainingTimeoutSec", 60L), backendConfig.input("spec", "connectionDraining"));
        assertNull(backendConfig.input("spec", "securityPolicy"));

        var release = e.single(RELEASE);
        assertEquals("milvus", release.input("chart"));
        assertEquals("5.0.19", release.input("version"));
        assertEquals(Map.of("repo", "https://zilliztech.github.io/milvus-helm/"), release.input("repositoryOpts"));
        assertEquals("my-release", release.input("name"));
        assertEquals("default", release.input("namespace"));
        assertEquals(true, release.input("atomic"));
        assertEquals(true, release.input("cleanupOnFail"));
        assertEquals(1200L, release.input("timeout"));
        assertTrue(release.dependsOn().containsAll(List.of(secret.name(), backendConfig.name())), release.dependsOn().toString());

        var values = values(e);
        assertEquals(Map.of("enabled", true), values.get("cluster"));
        assertEquals(Map.of("enabled", true), values.get("metrics"));
        assertEquals(Map.of(
                "type", "ClusterIP",
                "annotations", Map.of(
                        "cloud.google.com/app-protocols", "{\"milvus\":\"HTTP2\"}",
                        "cloud.google.com/backend-config", "{\"default\":\"my-release-milvus-backend\"}",
                        "cloud.google.com/neg", "{\"ingress\":true}")), values.get("service"));
        Map<String, Object> userYaml = new Yaml().load((String) map(values.get("extraConfigFiles")).get("user.yaml"));
        assertEquals(Map.of("security", Map.of("tlsMode", 1, "authorizationEnabled", true)), userYaml.get("common"));
        assertEquals(Map.of("serverPemPath", "/etc/milvus/certs/tls.crt", "serverKeyPath", "/etc/milvus/certs/tls.key"), userYaml.get("tls"));
        var proxy = map(values.get("proxy"));
        assertEquals(List.of(Map.of("name", "milvus-l7-tls", "secret", Map.of("secretName", "my-release-milvus-tls"))), proxy.get("volumes"));
        assertEquals(List.of(Map.of("name", "milvus-l7-tls", "mountPath", "/etc/milvus/certs", "readOnly", true)), proxy.get("volumeMounts"));
        assertFalse(values.containsKey("volumes"), "standalone volumes must not be set in cluster mode");

        var ingress = e.single(INGRESS);
        assertEquals(Map.of(
                "kubernetes.io/ingress.class", "gce",
                "kubernetes.io/ingress.global-static-ip-name", "milvus-dev-ip",
                "kubernetes.io/ingress.allow-http", "false",
                "milvus-gke-l7/milvus-authentication", "on",
                "networking.gke.io/v1beta1.FrontendConfig", "my-release-milvus-frontend",
                // The stack's mark, which its provider's writes make proof of ownership (k8s.Ownership).
                "milvus-gke-l7.io/stack", "organization/milvus-gke-l7/dev"), ingress.input("metadata", "annotations"));
        assertEquals(List.of(Map.of("host", "milvus-dev.example.com", "http", Map.of("paths", List.of(Map.of(
                "path", "/", "pathType", "Prefix",
                "backend", Map.of("service", Map.of("name", "my-release-milvus", "port", Map.of("number", 19530L)))))))),
                ingress.input("spec", "rules"));
        assertEquals(List.of(Map.of("hosts", List.of("milvus-dev.example.com"), "secretName", "my-release-milvus-tls")),
                ingress.input("spec", "tls"));
        assertTrue(ingress.dependsOn().containsAll(List.of(release.name(), address.name())), ingress.dependsOn().toString());
        assertEquals(List.of(), e.ofType(MANAGED_CERT));
        // The FrontendConfig carries the SSL policy (TLS 1.2 at least), and no redirect unless asked.
        assertEquals(Map.of("sslPolicy", "milvus-dev-ssl"), e.single(FRONTEND_CONFIG).input("spec"));
    }

    @Test
    void everyKubernetesObjectGoesThroughTheExplicitProvider() {
        var e = ok("domain", "milvus.example.com", "certificateMode", "google-managed", "httpsRedirect", "true");
        var provider = e.single(K8S_PROVIDER);
        var kubernetesObjects = e.resources().stream().filter(r -> r.type().startsWith("kubernetes:")).toList();
        assertEquals(7, kubernetesObjects.size());
        kubernetesObjects.forEach(r -> assertEquals(Optional.of(provider.name()), r.provider(), r.type()));
    }

    @Test
    void googleManagedCertificate() {
        var e = ok("domain", "milvus.example.com", "certificateMode", "google-managed");
        var managed = e.single(MANAGED_CERT);
        assertEquals("my-release-milvus-cert", managed.input("metadata", "name"));
        assertEquals(Map.of("domains", List.of("milvus.example.com")), managed.input("spec"));
        var ingress = e.single(INGRESS);
        assertEquals("my-release-milvus-cert", map(ingress.input("metadata", "annotations")).get("networking.gke.io/managed-certificates"));
        assertNull(ingress.input("spec", "tls"), "no TLS section: the load balancer presents the managed certificate");
        assertTrue(ingress.dependsOn().contains(managed.name()));
        // The backend still needs TLS: Milvus gets the self-signed certificate either way.
        assertEquals("my-release-milvus-tls", tlsResource(e, SECRET).input("metadata", "name"));
        assertTrue(((String) map(values(e).get("extraConfigFiles")).get("user.yaml")).contains("tlsMode: 1"));
        assertEquals("", e.outputs().get("certificatePem"), "clients of a google-managed stack use the system trust store");
        assertEquals("google-managed", e.outputs().get("certificateMode"));
    }

    @Test
    void standaloneMode() {
        var e = ok("domain", "milvus.example.com", "clusterEnabled", "false");
        var values = values(e);
        assertEquals(Map.of("enabled", false), values.get("cluster"));
        assertFalse(values.containsKey("proxy"));
        assertEquals(List.of(Map.of("name", "milvus-l7-tls", "secret", Map.of("secretName", "my-release-milvus-tls"))), values.get("volumes"));
        assertEquals(List.of(Map.of("name", "milvus-l7-tls", "mountPath", "/etc/milvus/certs", "readOnly", true)), values.get("volumeMounts"));
    }

    @Test
    void httpsRedirectUsesAFrontendConfig() {
        var e = ok("domain", "milvus.example.com", "httpsRedirect", "true");
        var frontend = e.single(FRONTEND_CONFIG);
        assertEquals(Map.of("sslPolicy", "milvus-dev-ssl",
                "redirectToHttps", Map.of("enabled", true, "responseCodeName", "MOVED_PERMANENTLY_DEFAULT")), frontend.input("spec"));
        var annotations = map(e.single(INGRESS).input("metadata", "annotations"));
        assertEquals("true", annotations.get("kubernetes.io/ingress.allow-http"));
        assertEquals("my-release-milvus-frontend", annotations.get("networking.gke.io/v1beta1.FrontendConfig"));
    }

    @Test
    void namesFollowTheChartWhenUsersOverrideThem() {
        var e = ok("domain", "milvus.example.com", "releaseName", "vectors", "namespace", "search",
                "helmValues", "{\"fullnameOverride\":\"vector-db\",\"service\":{\"portName\":\"grpc\"}}");
        var service = map(values(e).get("service"));
        assertEquals("{\"grpc\":\"HTTP2\"}", map(service.get("annotations")).get("cloud.google.com/app-protocols"));
        var rule = map(((List<?>) e.single(INGRESS).input("spec", "rules")).get(0));
        assertTrue(rule.toString().contains("name=vector-db"), rule.toString());
        assertEquals("search", e.single(INGRESS).input("metadata", "namespace"));
        assertEquals("vector-db", e.outputs().get("milvusServiceName"));
        assertEquals("vectors", e.single(RELEASE).input("name"));
        assertEquals("vector-db", values(e).get("fullnameOverride"));
    }

    @Test
    void backendSettingsAndEcdsaKeys() {
        var e = ok("domain", "milvus.example.com", "backendTimeoutSec", "1800", "drainingTimeoutSec", "0",
                "securityPolicy", "milvus-armor", "keyAlgorithm", "ECDSA", "ecdsaCurve", "P384");
        var spec = map(e.single(BACKEND_CONFIG).input("spec"));
        assertEquals(1800L, spec.get("timeoutSec"));
        assertEquals(Map.of("drainingTimeoutSec", 0L), spec.get("connectionDraining"));
        assertEquals(Map.of("name", "milvus-armor"), spec.get("securityPolicy"));
        assertEquals(Map.of("algorithm", "ECDSA", "ecdsaCurve", "P384"), tlsResource(e, PRIVATE_KEY).inputs());
    }

    @Test
    void badConfigRegistersNothingAndReportsOneError() {
        var e = StackFixture.run("domain", "Not A Domain", "rsaBits", "1024");
        assertEquals(List.of(), e.resources(), "nothing may be registered on bad config");
        assertEquals(1, e.errors().size(), e.errors().toString());
        var message = e.errors().get(0);
        assertTrue(message.contains("milvus-gke-l7:domain = \"Not A Domain\" is invalid"), message);
        assertTrue(message.contains("milvus-gke-l7:rsaBits = \"1024\" is invalid: allowed: 2048, 3072, 4096"), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
    }

    @Test
    void conflictingHelmValuesRegisterNothing() {
        var e = StackFixture.run("domain", "milvus.example.com", "helmValues", "{\"service\":{\"type\":\"LoadBalancer\"}}");
        assertEquals(List.of(), e.resources());
        assertTrue(e.errors().get(0).contains("milvus-gke-l7:helmValues: service.type = LoadBalancer is not allowed"), e.errors().toString());
    }

    @Test
    void privateKeyAppearsOnlyAsASecret() {
        for (var mode : List.of("self-managed", "google-managed")) {
            var e = ok("domain", "milvus.example.com", "certificateMode", mode);
            for (var resource : e.resources()) {
                for (var plain : plainStrings(resource.inputs(), new ArrayList<>())) {
                    assertFalse(plain.contains(PlaceholderMocks.PRIVATE_KEY), resource.type() + " has the key in clear");
                }
            }
            assertFalse(plainStrings(e.outputs(), new ArrayList<>()).stream().anyMatch(s -> s.contains(PlaceholderMocks.PRIVATE_KEY)));
            var secretHolders = e.resources().stream().filter(r -> !r.secretPaths().isEmpty()).map(RecordedResource::type).toList();
            // The certificate's inputs, the TLS Secret and the root credentials' Secret (root's password).
            assertEquals(List.of(SECRET, CERT, SECRET), secretHolders);
        }
    }

    /** Every string in a tree that is not under a secret. */
    static List<String> plainStrings(Object value, List<String> into) {
        if (value instanceof String s) {
            into.add(s);
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> plainStrings(v, into));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> plainStrings(v, into));
        }
        return into;
    }

    @Test
    void sameConfigSameInputs() {
        String[] config = {"domain", "milvus.example.com", "helmValues", "{\"proxy\":{\"replicas\":2},\"labels\":{\"z\":\"1\",\"b\":\"2\"}}"};
        var first = ok(config);
        var second = ok(config);
        assertEquals(first.resources(), second.resources());
        assertEquals(first.outputs(), second.outputs());
    }

    @Test
    void kubeconfigFromConfigStaysSecret() {
        var e = StackFixture.run(Set.of("kubeconfig"), "domain", "milvus.example.com", "kubeconfig", "apiVersion: v1\nclusters: []");
        assertTrue(e.succeeded(), e.errors().toString());
        var provider = e.single(K8S_PROVIDER);
        assertEquals(new SecretValue("apiVersion: v1\nclusters: []"), provider.input("kubeconfig"));
    }

    @Test
    void kubeconfigFromAnotherStack() {
        // The other stack exports its kubeconfig in plain text: this stack must still treat it as a secret.
        var e = StackFixture.run(com.milvusgke.plan.PlaceholderMocks.withPlainStackOutputs(List.of("kubeconfig")), Set.of(),
                "domain", "milvus.example.com", "clusterStack", "acme/gke-cluster/prod");
        assertTrue(e.succeeded(), e.errors().toString());
        var reference = e.single("pulumi:pulumi:StackReference");
        assertEquals("acme/gke-cluster/prod", reference.input("name"));
        var kubeconfig = e.single(K8S_PROVIDER).input("kubeconfig");
        assertInstanceOf(SecretValue.class, kubeconfig);
        assertTrue(e.single(K8S_PROVIDER).dependsOn().contains(reference.name()));
    }

    @Test
    void adoptingAHandInstalledReleaseImportsItUnchanged() {
        var adopt = ok("domain", "milvus.example.com", "namespace", "vectors", "existingRelease", "true", "adoptRelease", "true");
        var release = adopt.single(RELEASE);
        assertEquals(Optional.of("vectors/my-release"), release.importId());
        // The rule, not a copy of the list: on import, every input but the release's identity is left as it is.
        var everyInputButIdentity = new java.util.TreeSet<>(release.inputs().keySet());
        everyInputButIdentity.removeAll(Set.of("name", "namespace"));
        assertTrue(release.ignoreChanges().containsAll(everyInputButIdentity),
                "inputs an import would change: " + everyInputButIdentity + " vs ignored " + release.ignoreChanges());
        assertFalse(release.ignoreChanges().contains("name") || release.ignoreChanges().contains("namespace"));
        // The same with every optional input set (waitForMilvus false adds skipAwait; an oci chart drops repositoryOpts).
        var withOptions = ok("domain", "milvus.example.com", "existingRelease", "true", "adoptRelease", "true", "waitForMilvus", "false",
                "chartRepository", "oci://registry.example.com/charts").single(RELEASE);
        var optionalInputs = new java.util.TreeSet<>(withOptions.inputs().keySet());
        optionalInputs.removeAll(Set.of("name", "namespace"));
        assertTrue(withOptions.ignoreChanges().containsAll(optionalInputs), optionalInputs + " vs " + withOptions.ignoreChanges());
        // Step 2: without the flag the same release is updated in place: same name, no import, nothing ignored.
        var update = ok("domain", "milvus.example.com", "namespace", "vectors", "existingRelease", "true");
        assertEquals(Optional.empty(), update.single(RELEASE).importId());
        assertEquals(List.of(), update.single(RELEASE).ignoreChanges());
        assertEquals(release.name(), update.single(RELEASE).name());
        assertEquals(release.inputs(), update.single(RELEASE).inputs());
    }

    @Test
    void resourceNamesAreUniqueSoPlansCanReferToThemByName() {
        var e = ok("domain", "milvus.example.com", "certificateMode", "google-managed", "httpsRedirect", "true", "clusterStack", "a/b/c");
        var names = e.resources().stream().map(RecordedResource::name).toList();
        assertEquals(names.size(), Set.copyOf(names).size(), names.toString());
    }

    @Test
    void ambientKubeconfigStillUsesAnExplicitProvider() {
        var e = ok("domain", "milvus.example.com");
        assertEquals(Map.of(), e.single(K8S_PROVIDER).inputs());
    }

    @Test
    void aStaticIpReservedElsewhereIsUsedByNameAndNoGcpResourceIsDeclared() {
        var e = ok("domain", "milvus.example.com", "createStaticIp", "false", "staticIpName", "shared-milvus-ip",
                "sslPolicy", "org-tls12-policy");
        assertTrue(e.resources().stream().noneMatch(r -> r.type().startsWith("gcp:")), "no GCP resource may be declared");
        var ingress = e.single(INGRESS);
        assertEquals("shared-milvus-ip", ingress.input("metadata", "annotations", "kubernetes.io/ingress.global-static-ip-name"));
        // The address comes from the Ingress status GKE writes (the placeholder mocks write the documentation address).
        assertEquals(com.milvusgke.plan.PlaceholderMocks.STATIC_IP, e.outputs().get("staticIpAddress"));
        assertEquals("shared-milvus-ip", e.outputs().get("staticIpName"));
        assertTrue(ok("domain", "milvus.example.com").resources().stream().anyMatch(r -> r.type().equals(ADDRESS)));
    }

    @Test
    void theChartComesFromTheConfiguredRepository() {
        var https = ok("domain", "milvus.example.com", "chartRepository", "https://charts.internal.example.com/milvus/").single(RELEASE);
        assertEquals("milvus", https.input("chart"));
        assertEquals("https://charts.internal.example.com/milvus/", https.input("repositoryOpts", "repo"));
        var oci = ok("domain", "milvus.example.com", "chartRepository", "oci://europe-docker.pkg.dev/acme/charts").single(RELEASE);
        assertEquals("oci://europe-docker.pkg.dev/acme/charts/milvus", oci.input("chart"));
        assertEquals(null, oci.inputs().get("repositoryOpts"));
        var local = ok("domain", "milvus.example.com", "chartRepository", "http://127.0.0.1:8879/").single(RELEASE);
        assertEquals("http://127.0.0.1:8879/", local.input("repositoryOpts", "repo"));
        var byDefault = ok("domain", "milvus.example.com").single(RELEASE);
        assertEquals(com.milvusgke.config.ConfigKey.CHART_REPOSITORY.defaultValue().orElseThrow(), byDefault.input("repositoryOpts", "repo"));
    }

    @Test
    void notWaitingForMilvusSkipsTheAwaitAndTheRollback() {
        var waiting = ok("domain", "milvus.example.com").single(RELEASE);
        assertEquals(true, waiting.input("atomic"));
        assertEquals(null, waiting.inputs().get("skipAwait"), "the default adds no input, so existing stacks see no diff");
        var notWaiting = ok("domain", "milvus.example.com", "waitForMilvus", "false").single(RELEASE);
        assertEquals(true, notWaiting.input("skipAwait"));
        assertEquals(false, notWaiting.input("atomic"));
    }

    static final String SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy";
    static final String RECORD_SET = "gcp:dns/recordSet:RecordSet";

    @Test
    void aProfileCreatesAnSslPolicyNamedAfterTheStackThatTheFrontendConfigNames() {
        for (var profile : List.of("modern", "restricted", "compatible")) {
            var e = ok("domain", "milvus.example.com", "sslPolicy", profile);
            var policy = e.single(SSL_POLICY);
            assertEquals("milvus-dev-ssl", policy.input("name"), "a fixed name: the FrontendConfig refers to it by name");
            assertEquals(profile.toUpperCase(), policy.input("profile"));
            assertEquals("TLS_1_2", policy.input("minTlsVersion"));
            var frontendConfig = e.single(FRONTEND_CONFIG);
            assertEquals("milvus-dev-ssl", frontendConfig.input("spec", "sslPolicy"));
            assertTrue(frontendConfig.dependsOn().contains(policy.name()), "the policy exists before the FrontendConfig names it");
        }
        var existing = ok("domain", "milvus.example.com", "sslPolicy", "org-tls12-policy");
        assertEquals(List.of(), existing.ofType(SSL_POLICY));
        assertEquals("org-tls12-policy", existing.single(FRONTEND_CONFIG).input("spec", "sslPolicy"));
    }

    @Test
    void aDnsZoneGetsTheARecordForTheDomain() {
        var e = ok("domain", "milvus.example.com", "dnsManagedZone", "example-com", "dnsProject", "acme-dns", "dnsTtl", "60");
        var record = e.single(RECORD_SET);
        assertEquals("milvus.example.com.", record.input("name"));
        assertEquals("A", record.input("type"));
        assertEquals(60, ((Number) record.input("ttl")).intValue());
        assertEquals("example-com", record.input("managedZone"));
        assertEquals("acme-dns", record.input("project"));
        assertEquals(List.of(com.milvusgke.plan.PlaceholderMocks.STATIC_IP), record.input("rrdatas"));
        assertEquals("milvus.example.com.", e.outputs().get("dnsName"));
        var withoutZone = ok("domain", "milvus.example.com");
        assertEquals(List.of(), withoutZone.ofType(RECORD_SET));
        assertEquals("", withoutZone.outputs().get("dnsName"));
        // An address reserved elsewhere: the record follows the address the Ingress reports.
        var shared = ok("domain", "milvus.example.com", "createStaticIp", "false", "dnsManagedZone", "example-com");
        assertEquals(List.of(com.milvusgke.plan.PlaceholderMocks.STATIC_IP), shared.single(RECORD_SET).input("rrdatas"));
    }

    /**
     * GKE can take longer than pulumi-kubernetes' default Ingress await (10 minutes) to give the Ingress its address: the
     * wait is ingressTimeoutSeconds, sent to the engine as the Ingress's create and update custom timeouts (which the
     * provider uses as its await timeout), and nothing else gets one.
     */
    @Test
    void theIngressWaitsForItsAddressAsLongAsIngressTimeoutSecondsSays() {
        // Go duration syntax, which the engine parses with time.ParseDuration; the Java SDK sends nanoseconds.
        var defaults = ok("domain", "milvus.example.com");
        assertEquals(Map.of("create", "1800000000000ns", "update", "1800000000000ns"), defaults.single(INGRESS).customTimeouts());
        var quick = ok("domain", "milvus.example.com", "ingressTimeoutSeconds", "45");
        assertEquals(Map.of("create", "45000000000ns", "update", "45000000000ns"), quick.single(INGRESS).customTimeouts());
        for (var resource : defaults.resources()) {
            if (!resource.type().equals(INGRESS)) {
                assertEquals(Map.of(), resource.customTimeouts(), resource.type() + " " + resource.name());
            }
        }
    }

    @Test
    void aRenewedCertificateRollsThePodsThatServeClients() {
        for (var cluster : List.of("true", "false")) {
            var e = ok("domain", "milvus.example.com", "clusterEnabled", cluster);
            var values = map(e.single(RELEASE).input("values"));
            var annotations = map(cluster.equals("true") ? map(values.get("proxy")).get("annotations") : values.get("annotations"));
            var expected = com.milvusgke.milvus.MilvusReleaseTestAccess.sha256(com.milvusgke.plan.PlaceholderMocks.CERTIFICATE_PEM);
            assertEquals(expected, annotations.get("checksum/tls-certificate"), "cluster " + cluster);
        }
    }

    static final String SERVICE = "kubernetes:core/v1:Service";

    @Test
    void theRestApiGetsItsOwnServiceBackendConfigAndIngressPathInBothModes() {
        for (var cluster : List.of("true", "false")) {
            var e = ok("domain", "milvus.example.com", "restApi", "true", "clusterEnabled", cluster, "securityPolicy", "armor");
            var service = e.single(SERVICE);
            assertEquals("my-release-milvus-rest", service.input("metadata", "name"));
            assertEquals("ClusterIP", service.input("spec", "type"));
            assertEquals(Map.of("app.kubernetes.io/name", "milvus", "app.kubernetes.io/instance", "my-release",
                    "component", cluster.equals("true") ? "proxy" : "standalone"), service.input("spec", "selector"));
            assertEquals(List.of(Map.of("name", "rest", "port", 8080, "targetPort", 8080, "protocol", "TCP")),
                    normalizeNumbers(service.input("spec", "ports")));
            var annotations = map(service.input("metadata", "annotations"));
            assertEquals("{\"rest\":\"HTTPS\"}", annotations.get("cloud.google.com/app-protocols"));
            assertEquals("{\"ingress\":true}", annotations.get("cloud.google.com/neg"));
            assertEquals("{\"default\":\"my-release-milvus-rest-backend\"}", annotations.get("cloud.google.com/backend-config"));

            var restBackend = e.ofType(BACKEND_CONFIG).stream()
                    .filter(b -> "my-release-milvus-rest-backend".equals(b.input("metadata", "name"))).findFirst().orElseThrow();
            assertEquals(9091, ((Number) restBackend.input("spec", "healthCheck", "port")).intValue());
            assertEquals("/healthz", restBackend.input("spec", "healthCheck", "requestPath"));
            assertEquals("armor", restBackend.input("spec", "securityPolicy", "name"));

            var rule = map(((List<?>) e.single(INGRESS).input("spec", "rules")).get(0));
            var byPath = new java.util.HashMap<String, Object>();
            for (var p : (List<?>) map(rule.get("http")).get("paths")) {
                byPath.put((String) map(p).get("path"), map(map(map(p).get("backend")).get("service")).get("name"));
            }
            assertEquals(Map.of("/v2/vectordb", "my-release-milvus-rest", "/", "my-release-milvus"), byPath);

            var userYaml = (String) map(map(e.single(RELEASE).input("values")).get("extraConfigFiles")).get("user.yaml");
            Map<String, Object> milvusConfig = new Yaml().load(userYaml);
            assertEquals(Map.of("enabled", true, "port", 8080), map(map(milvusConfig.get("proxy")).get("http")));
            assertEquals("https://milvus.example.com/v2/vectordb", e.outputs().get("restEndpoint"));
        }
        var off = ok("domain", "milvus.example.com");
        assertEquals(List.of(), off.ofType(SERVICE));
        assertEquals("", off.outputs().get("restEndpoint"));
    }

    @Test
    void restWithoutWaitingForMilvusDoesNotWaitForTheRestServicesEndpoints() {
        var e = ok("domain", "milvus.example.com", "restApi", "true", "waitForMilvus", "false");
        assertEquals("true", map(e.single(SERVICE).input("metadata", "annotations")).get("pulumi.com/skipAwait"));
        var waiting = ok("domain", "milvus.example.com", "restApi", "true");
        assertEquals(null, map(waiting.single(SERVICE).input("metadata", "annotations")).get("pulumi.com/skipAwait"));
    }

    private static Object normalizeNumbers(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof Map<?, ?> m) {
            var copy = new java.util.LinkedHashMap<Object, Object>();
            m.forEach((k, v) -> copy.put(k, normalizeNumbers(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(MilvusL7StackTest::normalizeNumbers).toList();
        }
        return value;
    }
}
