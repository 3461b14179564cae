package com.milvusgke.gke;

import com.milvusgke.k8s.GkeAnnotations;
import com.milvusgke.k8s.Placement;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.Service;
import com.pulumi.kubernetes.core.v1.ServiceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServiceSpecArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Milvus's RESTful API behind the same load balancer: a ClusterIP Service selecting the pods that serve clients on
 * the REST port (the chart's Service has only the gRPC and metrics ports), bound to the load balancer like the
 * Milvus Service (NEG, its own BackendConfig with the 9091 /healthz check), but with app-protocol HTTPS: Milvus's REST
 * listener speaks HTTP/1.1 over TLS.
 */
public final class MilvusRestApi extends ComponentResource {
    /** The Ingress path routed here; gRPC paths ({@code /<package>.<Service>/<Method>}) never start with it. */
    public static final String PATH = "/v2/vectordb";
    public static final String PORT_NAME = "rest";

    private final String serviceName;
    private final int port;
    private final MilvusBackend backend;
    private final Service service;

    /**
     * @param args the Service's name, port, pod selector and the backend settings shared with the gRPC backend
     */
    public MilvusRestApi(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:gke:MilvusRestApi", name, options);
        this.serviceName = args.serviceName;
        this.port = args.port;
        var childOf = ComponentResourceOptions.builder().parent(this).build();
        this.backend = new MilvusBackend(name + "-backend", new MilvusBackend.Args(backendConfigName(args.serviceName), args.placement,
                args.timeoutSec, args.drainingTimeoutSec, args.securityPolicy), childOf);
        var annotations = new LinkedHashMap<>(backend.serviceAnnotations(PORT_NAME, GkeAnnotations.HTTPS));
        if (!args.awaitEndpoints) {
            // Milvus is not waited for either: its pods (the endpoints) come later.
            annotations.put(GkeAnnotations.PULUMI_SKIP_AWAIT, "true");
        }
        this.service = new Service(name + "-service", ServiceArgs.builder()
                .metadata(args.placement.metadata("Service", args.serviceName, annotations))
                .spec(ServiceSpecArgs.builder()
                        .type("ClusterIP")
                        .selector(args.selector)
                        .ports(ServicePortArgs.builder()
                                .name(PORT_NAME)
                                .port(args.port)
                                .targetPort(args.port)
                                .protocol("TCP")
                                .build())
                        .build())
                .build(),
                args.placement.options(this, "Service", args.serviceName).dependsOn(dependencies(args.dependsOn, backend.backendConfig())).build());
        registerOutputs(Map.of("serviceName", Output.of(serviceName)));
    }

    /** The REST Service's own BackendConfig. */
    public static String backendConfigName(String serviceName) {
        return serviceName + "-backend";
    }

    private static List<Resource> dependencies(List<Resource> given, Resource backendConfig) {
        var all = new java.util.ArrayList<Resource>(given);
        all.add(backendConfig); // the Service names it: GKE reads it when the Service appears
        return all;
    }

    public String serviceName() {
        return serviceName;
    }

    public int port() {
        return port;
    }

    public Service service() {
        return service;
    }

    public MilvusBackend backend() {
        return backend;
    }

    /**
     * Inputs of {@link MilvusRestApi}.
     *
     * @param serviceName        the REST Service's name ({@code <milvus service>-rest})
     * @param port               the REST port Milvus listens on
     * @param selector           the labels of the pods that serve clients
     * @param placement          namespace, labels and provider
     * @param timeoutSec         backend timeout, as for gRPC
     * @param drainingTimeoutSec connection draining, as for gRPC
     * @param securityPolicy     Cloud Armor policy, as for gRPC
     * @param awaitEndpoints     wait for Milvus's pods to back the Service on {@code up}
     * @param dependsOn          the Milvus release (the pods' owner)
     */
    public record Args(String serviceName, int port, Map<String, String> selector, Placement placement, int timeoutSec,
                       int drainingTimeoutSec, Optional<Output<String>> securityPolicy, boolean awaitEndpoints,
                       List<Resource> dependsOn) {
        public Args {
            Objects.requireNonNull(serviceName, "serviceName");
            selector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(selector));
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(securityPolicy, "securityPolicy");
            dependsOn = List.copyOf(dependsOn);
        }
    }
}
