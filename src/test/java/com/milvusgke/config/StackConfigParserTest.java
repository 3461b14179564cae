package com.milvusgke.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackConfigParserTest {

    private static StackConfig parse(String... keyValues) {
        return StackConfigParser.parse(source("dev", keyValues), com.milvusgke.milvus.UserValuesCheck::all);
    }

    static ConfigSource source(String stack, String... keyValues) {
        var values = new HashMap<String, String>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new ConfigSource() {
            public String namespace() {
                return "milvus-gke-l7";
            }

            public String stackName() {
                return stack;
            }

            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            public java.util.Set<String> keys() {
                return java.util.Set.copyOf(values.keySet());
            }
        };
    }

    private static ConfigException error(String... keyValues) {
        return assertThrows(ConfigException.class, () -> parse(keyValues));
    }

    @Test
    void anEmptyValueWhereOneIsNeededSaysSoAndAnEmptyOptionalKeyIsUnset() {
        assertEquals(java.util.List.of("milvus-gke-l7:domain is required: the DNS name clients connect to, e.g. milvus.example.com"
                + " (pulumi config set domain milvus.example.com -s dev)"), error("domain", "").problems());
        for (var key : ConfigKey.all()) {
            if (key.defaultValue().isEmpty()) {
                continue;
            }
            var problems = error("domain", "milvus.example.com", key.key(), "").problems();
            assertEquals(java.util.List.of("milvus-gke-l7:" + key.key() + " is empty, but it needs a value (" + key.description()
                    + "); remove the key to use the default, " + key.defaultValue().get()), problems, key.key());
        }
        var unset = parse("domain", "milvus.example.com", "securityPolicy", "", "dnsManagedZone", "", "staticIpName", "");
        assertEquals(Optional.empty(), unset.backend().securityPolicy());
        assertEquals("milvus-dev-ip", unset.staticIpName());
    }

    @Test
    void defaultsMatchTheDocumentedOnes() {
        var config = parse("domain", "milvus.example.com");
        assertEquals(CertificateMode.SELF_MANAGED, config.certificateMode());
        assertEquals("milvus-dev-ip", config.staticIpName());
        assertEquals(KeySpec.rsa(2048), config.key());
        assertEquals(8760, config.certValidityHours());
        assertEquals(720, config.certEarlyRenewalHours());
        assertEquals(new StackConfig.Milvus("my-release", "default", "5.0.19", "https://zilliztech.github.io/milvus-helm/", true, Map.of(), 1200, false, false, true, false), config.milvus());
        assertEquals(new StackConfig.Backend(600, 60, Optional.empty()), config.backend());
        assertFalse(config.httpsRedirect());
        assertInstanceOf(ClusterAccess.Ambient.class, config.clusterAccess());
    }

    @Test
    void missingDomainSaysHowToSetIt() {
        var e = error();
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().contains("milvus-gke-l7:domain is required"), e.getMessage());
        assertTrue(e.getMessage().contains("pulumi config set domain"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "domain|Milvus.Example.com|lowercase fully-qualified domain name",
            "domain|localhost|lowercase fully-qualified domain name",
            "domain|*.example.com|no wildcard",
            "domain|milvus.example.com.|no trailing dot",
            "certificateMode|letsencrypt|allowed: google-managed, self-managed",
            "keyAlgorithm|DSA|allowed: ECDSA, RSA",
            "rsaBits|1024|allowed: 2048, 3072, 4096",
            "certValidityHours|0|whole number from 24 to 87600",
            "certValidityHours|1y|whole number from 24 to 87600",
            "releaseName|My_Release|DNS-1123 label",
            "releaseName|a-very-long-release-name-that-helm-would-refuse-to-install|at most 53 characters",
            "namespace|Milvus|DNS-1123 label",
            "chartVersion|^5.0.0|exact chart version",
            "clusterEnabled|yes|true or false",
            "httpsRedirect|1|true or false",
            "helmTimeoutSeconds|10|whole number from 60 to 3600",
            "backendTimeoutSec|0|whole number from 1 to 86400",
            "drainingTimeoutSec|-1|whole number from 0 to 3600",
            "ingressTimeoutSeconds|5|whole number from 10 to 7200",
            "ingressTimeoutSeconds|7201|whole number from 10 to 7200",
            "securityPolicy|Bad Policy|Cloud Armor policy name",
            "staticIpName|1-ip|GCE resource name",
            "clusterStack|org/proj/stack/extra|stack name",
            "chartRepository|ftp://charts.example.com|expected an https:// Helm repository URL",
            "chartRepository|http://charts.example.com/|on localhost/127.0.0.1",
            "chartRepository|https://user:token@charts.example.com/|no credentials",
            "chartRepository|zilliztech/milvus|expected an https:// Helm repository URL",
            "chartRepository|oci://registry.example.com/charts/|no trailing '/'",
            "createStaticIp|no|true or false",
            "waitForMilvus|0|true or false",
            "restApi|on|true or false",
            "sslPolicy|TLS 1.2|modern, restricted, compatible, or the name of an existing SSL policy",
            "dnsManagedZone|example.com.|managed zone's resource name",
            "dnsTtl|5|whole number from 30 to 86400",
            "helmValues|[1,2]|expected a map of chart values",
            "helmValues|{not json|not a JSON object (stopped at line 1, column",
            "helmValues|proxy.replicas=2|not a JSON object",
    })
    void badValueNamesKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
        var base = new HashMap<String, String>(Map.of("domain", "milvus.example.com"));
        base.put(key, value);
        var e = error(base.entrySet().stream().flatMap(en -> java.util.stream.Stream.of(en.getKey(), en.getValue())).toArray(String[]::new));
        assertEquals(1, e.problems().size(), e.getMessage());
        var message = e.getMessage();
        assertTrue(message.contains("milvus-gke-l7:" + key), message);
        if (!key.equals("helmValues")) {
            assertTrue(message.contains("\"" + value + "\""), message);
        }
        assertTrue(message.contains(allowed), message);
    }

    @Test
    void ecdsaCurveIsCheckedOnlyForEcdsa() {
        assertEquals(KeySpec.ecdsa("P384"), parse("domain", "m.example.com", "keyAlgorithm", "ECDSA", "ecdsaCurve", "P384").key());
        var e = error("domain", "m.example.com", "keyAlgorithm", "ECDSA", "ecdsaCurve", "P224");
        assertTrue(e.getMessage().contains("milvus-gke-l7:ecdsaCurve = \"P224\" is invalid: allowed: P256, P384"), e.getMessage());
    }

    @Test
    void adoptingAReleaseSaysItWasInstalledOutsideTheStack() {
        var e = error("domain", "m.example.com", "adoptRelease", "true");
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().contains("milvus-gke-l7:adoptRelease = true needs milvus-gke-l7:existingRelease = true"), e.getMessage());
        assertTrue(e.getMessage().contains("pulumi config set existingRelease true"), e.getMessage());
        var adopted = parse("domain", "m.example.com", "existingRelease", "true", "adoptRelease", "true").milvus();
        assertTrue(adopted.existingRelease() && adopted.adoptExisting());
        assertTrue(parse("domain", "m.example.com", "adoptExistingObjects", "true").adoptExistingObjects());
    }

    @Test
    void earlyRenewalMustBeShorterThanValidity() {
        var e = error("domain", "m.example.com", "certValidityHours", "100", "certEarlyRenewalHours", "100");
        assertTrue(e.getMessage().contains("certEarlyRenewalHours = \"100\" is invalid: must be less than milvus-gke-l7:certValidityHours (100)"), e.getMessage());
    }

    @Test
    void googleManagedDomainsAreLimitedTo63Characters() {
        var longDomain = "a".repeat(50) + ".example-company.com";
        assertEquals(longDomain, parse("domain", longDomain).domain());
        var e = error("domain", longDomain, "certificateMode", "google-managed");
        assertTrue(e.getMessage().contains("at most 63 characters (this one has 70)"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var e = error("domain", "BAD", "rsaBits", "1", "namespace", "X");
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid stack configuration (3 problems):"), e.getMessage());
    }

    @Test
    void kubeconfigIsASecretAndNeverInMessages() {
        var config = parse("domain", "m.example.com", "kubeconfig", "apiVersion: v1 # token abc");
        var access = assertInstanceOf(ClusterAccess.Kubeconfig.class, config.clusterAccess());
        assertTrue(com.pulumi.test.internal.PulumiTestInternal.extractOutputData(access.kubeconfig()).isSecret());
        assertFalse(config.toString().contains("token abc"));
        // The record's string form (logs, debugging) says plainly that a secret is there, not an SDK object's identity.
        assertTrue(config.clusterAccess().toString().equals("Kubeconfig[secret]"), config.clusterAccess().toString());
        var e = error("domain", "m.example.com", "kubeconfig", "token abc", "clusterStack", "acme/gke/prod");
        assertTrue(e.getMessage().contains("are both set"), e.getMessage());
        assertFalse(e.getMessage().contains("token abc"));
    }

    @Test
    void clusterStackReferenceNamesStackAndOutput() {
        var config = parse("domain", "m.example.com", "clusterStack", "acme/gke-cluster/prod", "clusterStackOutput", "kubeconfig");
        assertEquals(new ClusterAccess.StackOutput("acme/gke-cluster/prod", "kubeconfig"), config.clusterAccess());
    }

    @Test
    void stackNamesThatMakeNoValidIpNameAskForOne() {
        var e = assertThrows(ConfigException.class, () -> StackConfigParser.parse(source("x".repeat(60), "domain", "m.example.com"), com.milvusgke.milvus.UserValuesCheck::all));
        assertTrue(e.getMessage().contains("milvus-gke-l7:staticIpName is required for stack"), e.getMessage());
        assertEquals("milvus-feature-x-ip", StackConfigParser.parse(source("Feature_X", "domain", "m.example.com"), com.milvusgke.milvus.UserValuesCheck::all).staticIpName());
    }

    @Test
    void helmValuesKeepIntegersAsIntegers() {
        var config = parse("domain", "m.example.com", "helmValues", "{\"proxy\":{\"replicas\":2,\"resources\":{\"cpu\":0.5,\"big\":10000000000}}}");
        assertEquals(Map.of("proxy", Map.of("replicas", 2, "resources", Map.of("cpu", 0.5, "big", 1.0E10))), config.milvus().userValues());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "domian|domain",
            "rsabits|rsaBits",
            "RSABITS|rsaBits",
            "certValidityHour|certValidityHours",
            "helmvalue|helmValues",
            "clusterEnable|clusterEnabled",
    })
    void unknownKeysAreErrorsThatNameTheNearestKnownKey(String typo, String meant) {
        var e = error("domain", "milvus.example.com", typo, "4096");
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("milvus-gke-l7:" + typo + " is not a setting of this program; did you mean " + meant + "?"),
                e.getMessage());
    }

    @Test
    void anUnknownKeyFarFromEveryKnownOneListsTheSettings() {
        var e = error("domain", "milvus.example.com", "replicaCountForTheProxy", "3");
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        assertTrue(e.getMessage().contains("(settings: domain, certificateMode,"), e.getMessage());
    }

    @Test
    void messagesCarryNoJavaInternals() {
        var e = error("domain", "milvus.example.com", "helmValues", "a=b", "rsaBits", "x=1");
        var message = e.getMessage();
        for (var internal : java.util.List.of("Exception", "\\u003d", "setLenient", "JsonReader", "com.google")) {
            assertFalse(message.contains(internal), internal + " in: " + message);
        }
        assertTrue(message.contains("\"x=1\""), message);
    }

    @Test
    void engineKeysAreReadFromTheEnginesConfigVariable() {
        assertEquals(java.util.Set.of("milvus-gke-l7:domain", "gcp:project", "milvus-gke-l7:rsaBits"),
                ConfigSource.engineKeys("{\"milvus-gke-l7:domain\":\"m.example.com\",\"gcp:project\":\"p\","
                        + "\"milvus-gke-l7:config:rsaBits\":\"4096\"}"));
        assertEquals(java.util.Set.of(), ConfigSource.engineKeys(null));
        assertEquals(java.util.Set.of(), ConfigSource.engineKeys("not json"));
    }

    @Test
    void engineSecretKeysAreReadFromTheEnginesSecretKeysVariable() {
        assertEquals(Optional.of(java.util.Set.of("milvus-gke-l7:kubeconfig", "gcp:credentials")),
                ConfigSource.engineSecretKeys("[\"milvus-gke-l7:config:kubeconfig\",\"gcp:credentials\"]"));
        assertEquals(Optional.of(java.util.Set.of()), ConfigSource.engineSecretKeys("[]"));
        assertEquals(Optional.empty(), ConfigSource.engineSecretKeys(null), "not known: nothing is refused for it");
        assertEquals(Optional.empty(), ConfigSource.engineSecretKeys("not json"));
    }

    @Test
    void restApiOwnsTheRestServersPort() {
        var e = error("domain", "m.example.com", "restApi", "true",
                "helmValues", "{\"extraConfigFiles\":{\"user.yaml\":\"proxy:\\n  http:\\n    port: 9000\\n\"}}");
        assertTrue(e.getMessage().contains("proxy.http.port = 9000 is not allowed with restApi"), e.getMessage());
        assertTrue(parse("domain", "m.example.com", "restApi", "true").milvus().restApi());
    }

    @Test
    void aDnsProjectWithoutAZoneIsAnError() {
        var e = error("domain", "m.example.com", "dnsProject", "acme-dns");
        assertTrue(e.getMessage().contains("milvus-gke-l7:dnsProject is set but milvus-gke-l7:dnsManagedZone is not"), e.getMessage());
    }
}
