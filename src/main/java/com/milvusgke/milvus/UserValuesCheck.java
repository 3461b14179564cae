package com.milvusgke.milvus;

import com.milvusgke.config.ConfigKey;
import com.milvusgke.k8s.GkeAnnotations;
import com.milvusgke.k8s.Ownership;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rejects extra chart values that would break the L7 setup, instead of silently overriding them: the user
 * sees what they asked for, why it cannot work behind the load balancer, and what to do instead.
 */
public final class UserValuesCheck {
    private UserValuesCheck() {
    }

    /**
     * Every conflict of the user's values with the L7 setup, as the config parser asks for them.
     *
     * @return one message per conflict, each naming the value path, the value and what is allowed
     */
    public static List<String> all(Map<String, Object> user, String chartVersion, boolean clusterEnabled, boolean restApi) {
        var problems = new ArrayList<String>();
        // Keys first: a dotted or misspelt key is one Helm would ignore, and the rules below read the nested form, so
        // `service.type: LoadBalancer` written as one key must be refused here rather than slip past them.
        var keys = ChartValueKeys.forVersion(chartVersion);
        if (keys.isPresent()) {
            // The stack's ownership mark is not the chart's either; it gets its own message below.
            var chartKeys = new java.util.LinkedHashMap<>(user);
            chartKeys.remove(Ownership.RELEASE_VALUES_KEY);
            problems.addAll(keys.get().unknownKeys(chartKeys));
        } else {
            user.keySet().stream().filter(k -> k.contains(".")).forEach(k -> problems.add(k + " is one key with dots in its"
                    + " name, which Helm does not split (the `--set` spelling does not work in values): write it nested"));
        }
        Values.at(user, "service", "type").filter(t -> !"ClusterIP".equals(t)).ifPresent(t -> problems.add(
                "service.type = " + t + " is not allowed: the Layer-7 load balancer reaches Milvus through NEGs, so the"
                        + " Service stays ClusterIP (a LoadBalancer Service would expose a second, Layer-4 endpoint)"));
        var annotations = Values.map(Values.at(user, "service", "annotations").orElse(null));
        for (var owned : List.of(GkeAnnotations.APP_PROTOCOLS, GkeAnnotations.BACKEND_CONFIG, GkeAnnotations.NEG)) {
            if (annotations.containsKey(owned)) {
                problems.add("service.annotations[\"" + owned + "\"] = " + annotations.get(owned)
                        + " is not allowed: this program sets it to bind the Service to the load balancer; remove it");
            }
        }
        Values.at(user, "cluster", "enabled").filter(v -> !Objects.equals(v, clusterEnabled)).ifPresent(v -> problems.add(
                "cluster.enabled = " + v + " contradicts clusterEnabled = " + clusterEnabled
                        + "; set the clusterEnabled config key instead"));
        Values.at(user, "metrics", "enabled").filter(v -> !Boolean.TRUE.equals(v)).ifPresent(v -> problems.add(
                "metrics.enabled = " + v + " is not allowed: the load balancer's health check uses Milvus's port 9091"));
        Values.at(user, "ingress", "enabled").filter(Boolean.TRUE::equals).ifPresent(v -> problems.add(
                "ingress.enabled = true is not allowed: this program creates the GKE Ingress; the chart's would be a second one"));
        Values.at(user, "proxy", "tls", "enabled").filter(Boolean.TRUE::equals).ifPresent(v -> problems.add(
                "proxy.tls.enabled = true is not allowed: this program mounts its own certificate at " + MilvusValues.CERT_MOUNT_PATH));
        if (user.containsKey(Ownership.RELEASE_VALUES_KEY)) {
            problems.add(Ownership.RELEASE_VALUES_KEY + " = " + user.get(Ownership.RELEASE_VALUES_KEY) + " is not allowed: this"
                    + " program writes the stack that owns the release there (the cluster check reads it); remove it");
        }
        Values.at(user, "customConfigMap").filter(v -> !"".equals(v)).ifPresent(v -> problems.add(
                "customConfigMap = " + v + " is not allowed: the chart then ignores extraConfigFiles, which turns TLS on;"
                        + " put your settings in extraConfigFiles.user.yaml"));
        for (var component : MilvusValues.ROOT_USER_CREATORS) {
            if (Values.at(user, component, "extraEnv").orElse(null) instanceof List<?> env && env.stream()
                    .anyMatch(e -> e instanceof Map<?, ?> m && MilvusValues.ROOT_PASSWORD_ENV.equals(m.get("name")))) {
                problems.add(component + ".extraEnv " + MilvusValues.ROOT_PASSWORD_ENV + " is not allowed: root's password is"
                        + " the milvusRootPassword config key (a secret), which this program hands to Milvus");
            }
        }
        var userYaml = Values.at(user, "extraConfigFiles", MilvusValues.USER_YAML);
        var config = userYaml.isPresent() ? parseUserYaml(userYaml.get(), problems) : Optional.of(Map.<String, Object>of());
        config.ifPresent(c -> {
            checkUserYaml(c, problems);
            if (restApi) {
                checkRestServer(c, problems);
            }
        });
        return problems;
    }

    /** As {@link #all}, for the chart version the stack pins by default, without the REST API. */
    public static List<String> conflicts(Map<String, Object> user, boolean clusterEnabled) {
        return all(user, ConfigKey.CHART_VERSION.defaultValue().orElseThrow(), clusterEnabled, false);
    }

    /** With {@code restApi} this program owns the REST server's settings: the user's must agree with them. */
    private static void checkRestServer(Map<String, Object> config, List<String> problems) {
        Values.at(config, "proxy", "http", "port").filter(v -> !Objects.equals(Values.integer(v).orElse(-1), MilvusValues.REST_PORT))
                .ifPresent(v -> problems.add("extraConfigFiles.user.yaml proxy.http.port = " + v + " is not allowed with restApi:"
                        + " the REST Service and the load balancer's health check expect port " + MilvusValues.REST_PORT));
        Values.at(config, "proxy", "http", "enabled").filter(Boolean.FALSE::equals)
                .ifPresent(v -> problems.add("extraConfigFiles.user.yaml proxy.http.enabled = false contradicts restApi = true;"
                        + " unset one of them"));
    }

    /** The user's user.yaml as milvus.yaml settings, read once; empty (with the problem reported) if it is not that. */
    private static Optional<Map<String, Object>> parseUserYaml(Object userYaml, List<String> problems) {
        if (!(userYaml instanceof String text)) {
            problems.add("extraConfigFiles.user.yaml must be a string of YAML (milvus.yaml overrides), got " + userYaml);
            return Optional.empty();
        }
        try {
            Object loaded = MilvusValues.yaml().load(text);
            if (loaded != null && !(loaded instanceof Map)) {
                problems.add("extraConfigFiles.user.yaml must be a YAML mapping of milvus.yaml settings");
                return Optional.empty();
            }
            return Optional.of(Values.map(loaded));
        } catch (YAMLException e) {
            problems.add("extraConfigFiles.user.yaml is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return Optional.empty();
        }
    }

    private static void checkUserYaml(Map<String, Object> config, List<String> problems) {
        // One definition of each: the config keys. A password in helmValues would also sit in clear in the stack file.
        Values.at(config, "common", "security", "authorizationEnabled").ifPresent(v -> problems.add(
                "extraConfigFiles.user.yaml common.security.authorizationEnabled = " + v + " is not allowed: set the"
                        + " milvusAuthentication config key instead (this program writes it)"));
        Values.at(config, "common", "security", "defaultRootPassword").ifPresent(v -> problems.add(
                "extraConfigFiles.user.yaml common.security.defaultRootPassword is not allowed (its value is not shown): a"
                        + " password in helmValues is stored in clear; set it with pulumi config set --secret milvusRootPassword"));
        Values.at(config, "common", "security", "tlsMode").filter(v -> !Objects.equals(Values.integer(v).orElse(-1), MilvusValues.TLS_MODE))
                .ifPresent(v -> problems.add("extraConfigFiles.user.yaml common.security.tlsMode = " + v
                        + " is not allowed: the load balancer speaks HTTP/2 over TLS to Milvus, which needs tlsMode "
                        + MilvusValues.TLS_MODE + " (one-way TLS; the load balancer has no client certificate for 2)"));
        Values.at(config, "tls", "serverPemPath").filter(v -> !MilvusValues.SERVER_PEM_PATH.equals(v)).ifPresent(v -> problems.add(
                "extraConfigFiles.user.yaml tls.serverPemPath = " + v + " is not allowed: the certificate is mounted at "
                        + MilvusValues.SERVER_PEM_PATH));
        Values.at(config, "tls", "serverKeyPath").filter(v -> !MilvusValues.SERVER_KEY_PATH.equals(v)).ifPresent(v -> problems.add(
                "extraConfigFiles.user.yaml tls.serverKeyPath = " + v + " is not allowed: the key is mounted at "
                        + MilvusValues.SERVER_KEY_PATH));
        var httpPort = Values.at(config, "proxy", "http", "port").flatMap(v -> Values.integer(v));
        Values.at(config, "proxy", "http", "enabled").filter(Boolean.TRUE::equals)
                .filter(v -> httpPort.isEmpty() || httpPort.get() == MilvusChart.DEFAULT_PORT)
                .ifPresent(v -> problems.add("extraConfigFiles.user.yaml proxy.http.enabled = true is not allowed while the REST"
                        + " server shares the gRPC port: Milvus refuses TLS there; set proxy.http.port to a port of its own"
                        + " (e.g. 8080) or leave proxy.http.enabled unset"));
    }
}
