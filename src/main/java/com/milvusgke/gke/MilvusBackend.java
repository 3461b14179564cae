package com.milvusgke.gke;

import com.milvusgke.k8s.GkeAnnotations;
import com.milvusgke.k8s.KubernetesCustomResource;
import com.milvusgke.k8s.KubernetesCustomResourceArgs;
import com.milvusgke.k8s.Placement;
import com.milvusgke.k8s.Maps;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the load balancer treats the Milvus backend: a BackendConfig (health check on Milvus's HTTP port,
 * timeouts, draining, Cloud Armor) and the three Service annotations that bind the Service to it.
 */
public final class MilvusBackend extends ComponentResource {
    public static final String API_VERSION = "cloud.google.com/v1";
    public static final String KIND = "BackendConfig";
    /** Milvus serves /healthz over plain HTTP on its metrics port, in standalone and on the proxy. */
    public static final int HEALTH_CHECK_PORT = 9091;
    public static final String HEALTH_CHECK_PATH = "/healthz";

    private final String backendConfigName;
    private final KubernetesCustomResource backendConfig;

    public MilvusBackend(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:gke:MilvusBackend", name, options);
        this.backendConfigName = args.backendConfigName;
        this.backendConfig = new KubernetesCustomResource(name + "-backendconfig",
                KubernetesCustomResourceArgs.of(API_VERSION, KIND, args.placement.metadata(KIND, backendConfigName), spec(args)),
                args.placement.options(this, KIND, backendConfigName).build());
        registerOutputs(Map.of("backendConfigName", Output.of(backendConfigName)));
    }

    static Map<String, Object> spec(Args args) {
        var healthCheck = Maps.ordered(
                "type", "HTTP",
                "port", HEALTH_CHECK_PORT,
                "requestPath", HEALTH_CHECK_PATH,
                "checkIntervalSec", 10,
                "timeoutSec", 5,
                "healthyThreshold", 1,
                "unhealthyThreshold", 3);
        var spec = new LinkedHashMap<String, Object>();
        spec.put("healthCheck", healthCheck);
        spec.put("timeoutSec", args.timeoutSec);
        spec.put("connectionDraining", Maps.ordered("drainingTimeoutSec", args.drainingTimeoutSec));
        args.securityPolicy.ifPresent(policy -> spec.put("securityPolicy", Maps.ordered("name", policy)));
        return spec;
    }

    /**
     * The annotations the Milvus Service must carry: HTTP/2 to the named client port, this BackendConfig for
     * every port, and NEGs for the Ingress. Values are JSON strings, as GKE reads them.
     */
    public Map<String, String> serviceAnnotations(String portName) {
        return serviceAnnotations(portName, GkeAnnotations.HTTP2, backendConfigName);
    }

    /** As {@link #serviceAnnotations(String)}, for a port the load balancer speaks {@code appProtocol} to. */
    public Map<String, String> serviceAnnotations(String portName, String appProtocol) {
        return serviceAnnotations(portName, appProtocol, backendConfigName);
    }

    public static Map<String, String> serviceAnnotations(String portName, String appProtocol, String backendConfigName) {
        var annotations = new LinkedHashMap<String, String>();
        annotations.put(GkeAnnotations.APP_PROTOCOLS, "{\"" + portName + "\":\"" + appProtocol + "\"}");
        annotations.put(GkeAnnotations.BACKEND_CONFIG, "{\"default\":\"" + backendConfigName + "\"}");
        annotations.put(GkeAnnotations.NEG, "{\"ingress\":true}");
        return annotations;
    }

    public String backendConfigName() {
        return backendConfigName;
    }

    public KubernetesCustomResource backendConfig() {
        return backendConfig;
    }

    /**
     * Inputs of {@link MilvusBackend}. No defaults here: each value comes from the stack's config, whose defaults are
     * documented once, in {@code ConfigKey}.
     *
     * @param backendConfigName  the BackendConfig's name, which the Service's annotation refers to
     * @param placement          namespace, labels and provider
     * @param timeoutSec         backend timeout (whole request, or whole stream for gRPC streams), 1 or more
     * @param drainingTimeoutSec connection draining when a backend goes away, 0 or more
     * @param securityPolicy     Cloud Armor policy to attach, if any (a name another stack may own)
     */
    public record Args(String backendConfigName, Placement placement, int timeoutSec, int drainingTimeoutSec,
                       Optional<Output<String>> securityPolicy) {
        public Args {
            Objects.requireNonNull(backendConfigName, "backendConfigName");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(securityPolicy, "securityPolicy");
            if (timeoutSec < 1 || drainingTimeoutSec < 0) {
                throw new IllegalArgumentException("timeoutSec must be 1 or more and drainingTimeoutSec 0 or more");
            }
        }
    }
}
