package com.milvusgke.milvus;

import com.milvusgke.config.StackConfig;
import com.milvusgke.k8s.Maps;
import com.milvusgke.k8s.Ownership;
import com.milvusgke.k8s.YamlText;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The chart values this program owns (the L7 setup) deep-merged over the user's extra values. Conflicts
 * were rejected beforehand by {@link UserValuesCheck}, so the merge never silently overrides a user's intent.
 */
public final class MilvusValues {
    /** Where the TLS Secret is mounted in the pods that serve clients. */
    public static final String CERT_MOUNT_PATH = "/etc/milvus/certs";
    public static final String SERVER_PEM_PATH = CERT_MOUNT_PATH + "/tls.crt";
    public static final String SERVER_KEY_PATH = CERT_MOUNT_PATH + "/tls.key";
    public static final String CERT_VOLUME = "milvus-l7-tls";
    /** One-way TLS: the load balancer does not present a client certificate, so mutual TLS (2) cannot work. */
    public static final int TLS_MODE = 1;
    public static final String USER_YAML = "user.yaml";
    /**
     * Port of the RESTful API with {@code restApi}. With TLS on, Milvus serves REST only on a port of its own: the
     * proxy then opens a second listener with {@code tls.Listen} and the same server certificate
     * (milvus-io/milvus internal/distributed/proxy/service.go, {@code Server.init}: tlsMode 1 and proxy.http.port
     * different from the gRPC port); on the shared port it would need the plain-text multiplexer, which TLS excludes.
     */
    public static final int REST_PORT = 8080;
    /**
     * Pod-template annotation carrying the SHA-256 of the serving certificate: Milvus reads its certificate only at
     * start, so a renewed certificate must roll the pods that serve clients, and a changed pod template does that.
     */
    public static final String CERTIFICATE_CHECKSUM_ANNOTATION = "checksum/tls-certificate";

    /**
     * The environment variable Milvus reads {@code common.security.defaultRootPassword} from (its environment source
     * lower-cases names and drops {@code _}, {@code .} and {@code /} before matching keys; it outranks the config files).
     * Milvus reads it once: when its metadata has no root user yet, at the first start of a new install (rootcoord
     * {@code initCredentials}); afterwards root's password lives in etcd and changes only through Milvus's API.
     */
    public static final String ROOT_PASSWORD_ENV = "COMMON_SECURITY_DEFAULTROOTPASSWORD";
    /** The key of the root password in its Secret. */
    public static final String ROOT_PASSWORD_KEY = "password";
    /**
     * The components that can create the root user at a first start: the standalone pod, and in cluster mode the
     * coordinator hosting rootcoord (mixCoordinator in Milvus 2.6; rootCoordinator where a chart still runs it alone).
     * Values for a disabled component are ignored by the chart.
     */
    static final List<String> ROOT_USER_CREATORS = List.of("standalone", "mixCoordinator", "rootCoordinator");

    /**
     * Milvus's own authentication.
     *
     * @param enabled            {@code common.security.authorizationEnabled}
     * @param passwordSecretName the Secret holding root's password (key {@value #ROOT_PASSWORD_KEY}), given to Milvus for
     *                           its first start; empty when authentication is off
     */
    public record Authentication(boolean enabled, Optional<String> passwordSecretName) {
        public Authentication {
            Objects.requireNonNull(passwordSecretName, "passwordSecretName");
            if (enabled != passwordSecretName.isPresent()) {
                throw new IllegalArgumentException("root's password Secret goes with authentication, and only with it");
            }
        }

        public static final Authentication OFF = new Authentication(false, Optional.empty());
    }

    private MilvusValues() {
    }

    /**
     * @param milvus             release settings and the user's extra values
     * @param serviceAnnotations the GKE annotations binding the Service to the load balancer
     * @param tlsSecretName      kubernetes.io/tls Secret with the server certificate
     * @param certificateSha256  SHA-256 (hex) of that certificate, which rolls the serving pods when it changes: a
     *                           String, or an {@code Output<String>} (known only once the certificate exists, so it
     *                           stays one nested value: the rest of the values remain known, and reviewable, in a
     *                           preview)
     * @param stackIdentity      the stack that installs or upgrades the release ({@link Ownership}): the chart reads
     *                           no such value, Helm records it in the revision, where the cluster check looks
     * @param authentication     Milvus's own authentication, and where root's password comes from at a first start
     */
    public static Map<String, Object> build(StackConfig.Milvus milvus, Map<String, String> serviceAnnotations, String tlsSecretName,
                                            Object certificateSha256, String stackIdentity,
                                            Authentication authentication) {
        var user = milvus.userValues();
        var volumes = List.of(Maps.ordered(
                "name", CERT_VOLUME,
                "secret", Maps.ordered("secretName", tlsSecretName)));
        var volumeMounts = List.of(Maps.ordered(
                "name", CERT_VOLUME,
                "mountPath", CERT_MOUNT_PATH,
                "readOnly", true));
        var podAnnotations = Maps.ordered(CERTIFICATE_CHECKSUM_ANNOTATION, certificateSha256);
        var userYaml = Values.string(Values.at(user, "extraConfigFiles", USER_YAML).orElse(null)).orElse("");

        var owned = Maps.ordered(
                Ownership.RELEASE_VALUES_KEY, Maps.ordered(Ownership.RELEASE_VALUES_STACK, stackIdentity),
                "cluster", Maps.ordered("enabled", milvus.clusterEnabled()),
                "service", Maps.ordered(
                        "type", "ClusterIP",
                        "annotations", serviceAnnotations),
                "metrics", Maps.ordered("enabled", true),
                "extraConfigFiles", Maps.ordered(USER_YAML, userYaml(userYaml, milvus.restApi(), authentication.enabled())),
                // Cluster mode: the proxy serves clients. Standalone: the one pod, through the global volumes (and the
                // chart's global annotations, the only pod annotations its standalone Deployment takes).
                "proxy", milvus.clusterEnabled()
                        ? Maps.ordered("volumes", volumes, "volumeMounts", volumeMounts, "annotations", podAnnotations) : null,
                "volumes", milvus.clusterEnabled() ? null : volumes,
                "volumeMounts", milvus.clusterEnabled() ? null : volumeMounts,
                "annotations", milvus.clusterEnabled() ? null : podAnnotations);
        var merged = Values.deepMerge(user, owned);
        // Root's password by reference to its Secret: the values (and so the plan, the preview and `helm get values`)
        // never hold it. Appended to the user's own extraEnv (Values.deepMerge appends that list).
        if (authentication.passwordSecretName().isPresent()) {
            var env = List.of(Maps.ordered(
                    "name", ROOT_PASSWORD_ENV,
                    "valueFrom", Maps.ordered("secretKeyRef", Maps.ordered(
                            "name", authentication.passwordSecretName().get(), "key", ROOT_PASSWORD_KEY))));
            var rootPassword = new java.util.LinkedHashMap<String, Object>();
            ROOT_USER_CREATORS.forEach(component -> rootPassword.put(component, Maps.ordered("extraEnv", new ArrayList<>(env))));
            merged = Values.deepMerge(merged, rootPassword);
        }
        return merged;
    }

    /**
     * The user's user.yaml (if any) with TLS turned on at the mounted certificate, authentication as configured (always
     * written, so the file says which), and REST where asked.
     */
    static String userYaml(String userYaml, boolean restApi, boolean authentication) {
        Map<String, Object> user = userYaml.isBlank() ? Map.of() : Values.map(yaml().load(userYaml));
        var tls = Maps.ordered(
                "common", Maps.ordered("security", Maps.ordered("tlsMode", TLS_MODE, "authorizationEnabled", authentication)),
                "tls", Maps.ordered("serverPemPath", SERVER_PEM_PATH, "serverKeyPath", SERVER_KEY_PATH));
        var merged = Values.deepMerge(user, tls);
        if (restApi) {
            merged = Values.deepMerge(merged, Maps.ordered("proxy", Maps.ordered("http", Maps.ordered("enabled", true, "port", REST_PORT))));
        } else if (Values.at(user, "proxy", "http", "port").isEmpty()) {
            // Milvus 2.6 refuses to start with TLS on while its REST server shares the gRPC port (the default):
            // turn the REST server off unless the user moved it to a port of its own.
            merged = Values.deepMerge(merged, Maps.ordered("proxy", Maps.ordered("http", Maps.ordered("enabled", false))));
        }
        return yaml().dump(merged);
    }

    static Yaml yaml() {
        return YamlText.yaml(YamlText.DEFAULT_WIDTH, false);
    }
}
