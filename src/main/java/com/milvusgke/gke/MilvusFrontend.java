package com.milvusgke.gke;

import com.milvusgke.k8s.GkeAnnotations;
import com.milvusgke.config.CertificateMode;
import com.milvusgke.k8s.KubernetesCustomResource;
import com.milvusgke.k8s.KubernetesCustomResourceArgs;
import com.milvusgke.k8s.Placement;
import com.milvusgke.k8s.Maps;
import com.milvusgke.milvus.MilvusService;
import com.pulumi.core.Output;
import com.pulumi.gcp.compute.GlobalAddress;
import com.pulumi.gcp.compute.GlobalAddressArgs;
import com.pulumi.kubernetes.networking.v1.Ingress;
import com.pulumi.kubernetes.networking.v1.IngressArgs;
import com.pulumi.kubernetes.networking.v1.inputs.HTTPIngressPathArgs;
import com.pulumi.kubernetes.networking.v1.inputs.HTTPIngressRuleValueArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressBackendArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressRuleArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressServiceBackendArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressSpecArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressTLSArgs;
import com.pulumi.kubernetes.networking.v1.inputs.ServiceBackendPortArgs;
import com.pulumi.kubernetes.networking.v1.outputs.IngressLoadBalancerIngress;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The client side of the load balancer: a protected global static IP, the certificate the load balancer
 * presents (a TLS Secret or a GKE ManagedCertificate), an optional HTTP-to-HTTPS redirect, and the GKE
 * Ingress that ties them to the Milvus Service on HTTPS port 443.
 */
public final class MilvusFrontend extends ComponentResource {
    public static final String MANAGED_CERTIFICATE_API = "networking.gke.io/v1";
    public static final String FRONTEND_CONFIG_API = "networking.gke.io/v1beta1";
    public static final int HTTPS_PORT = 443;

    private final Optional<GlobalAddress> staticIp;
    private final Ingress ingress;
    private final Output<String> ingressAddress;
    private final Output<String> staticIpAddress;

    public MilvusFrontend(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:gke:MilvusFrontend", name, options);
        var placement = args.placement;

        // Protected: DNS points at this address, and every client breaks if it is released. Not declared at all when
        // the address is reserved elsewhere: the Ingress refers to it by name either way.
        this.staticIp = args.createStaticIp ? Optional.of(new GlobalAddress(name + "-ip", GlobalAddressArgs.builder()
                .name(args.staticIpName)
                .addressType("EXTERNAL")
                .ipVersion("IPV4")
                .description("Milvus " + args.domain + " (Pulumi stack, L7 load balancer)")
                .build(),
                CustomResourceOptions.builder().parent(this).protect(true).build())) : Optional.empty();

        var service = args.service;
        var annotations = new LinkedHashMap<String, String>();
        annotations.put(GkeAnnotations.INGRESS_CLASS, GkeAnnotations.GCE_CLASS);
        annotations.put(GkeAnnotations.GLOBAL_STATIC_IP_NAME, args.staticIpName);
        annotations.put(GkeAnnotations.ALLOW_HTTP, String.valueOf(args.httpsRedirect));
        var dependencies = new ArrayList<Resource>(args.dependsOn);

        if (args.certificateMode == CertificateMode.GOOGLE_MANAGED) {
            var certName = service.name() + "-cert";
            dependencies.add(new KubernetesCustomResource(name + "-managedcertificate",
                    KubernetesCustomResourceArgs.of(MANAGED_CERTIFICATE_API, "ManagedCertificate",
                            placement.metadata(certName),
                            Maps.ordered("domains", List.of(args.domain))),
                    placement.options(this).build()));
            annotations.put(GkeAnnotations.MANAGED_CERTIFICATES, certName);
        }
        // The FrontendConfig always carries the SSL policy (which TLS clients may use), and the redirect when asked.
        var frontendConfigName = service.name() + "-frontend";
        var frontendSpec = new LinkedHashMap<String, Object>();
        frontendSpec.put("sslPolicy", args.sslPolicyName);
        if (args.httpsRedirect) {
            frontendSpec.put("redirectToHttps", Maps.ordered("enabled", true, "responseCodeName", "MOVED_PERMANENTLY_DEFAULT"));
        }
        dependencies.add(new KubernetesCustomResource(name + "-frontendconfig",
                KubernetesCustomResourceArgs.of(FRONTEND_CONFIG_API, "FrontendConfig",
                        placement.metadata(frontendConfigName), frontendSpec),
                placement.options(this).dependsOn(args.sslPolicyDependsOn).build()));
        annotations.put(GkeAnnotations.FRONTEND_CONFIG, frontendConfigName);

        // Every gRPC method (/<package>.<Service>/<Method>) to Milvus; the REST API's own prefix, if served, to its
        // Service (the longest matching prefix wins, whatever the order).
        var paths = new ArrayList<HTTPIngressPathArgs>();
        args.restService.ifPresent(rest -> paths.add(path(MilvusRestApi.PATH, rest.name(), rest.port())));
        paths.add(path("/", service.name(), service.port()));
        var spec = IngressSpecArgs.builder().rules(IngressRuleArgs.builder()
                .host(args.domain)
                .http(HTTPIngressRuleValueArgs.builder().paths(paths).build())
                .build());
        args.tlsSecretName.filter(s -> args.certificateMode == CertificateMode.SELF_MANAGED).ifPresent(secret ->
                spec.tls(IngressTLSArgs.builder().hosts(args.domain).secretName(secret).build()));

        staticIp.ifPresent(dependencies::add);
        this.ingress = new Ingress(name + "-ingress", IngressArgs.builder()
                .metadata(placement.metadata(service.name(), annotations))
                .spec(spec.build())
                .build(),
                placement.options(this).dependsOn(dependencies).build());

        this.ingressAddress = ingress.status().applyValue(status -> status
                .flatMap(s -> s.loadBalancer())
                .map(lb -> lb.ingress())
                .flatMap(list -> list.stream().findFirst())
                .flatMap(IngressLoadBalancerIngress::ip)
                .orElse(""));
        // GKE programs the load balancer on the named address and reports it in the Ingress status.
        this.staticIpAddress = staticIp.map(GlobalAddress::address).orElse(ingressAddress);
        registerOutputs(Map.of("staticIpAddress", staticIpAddress, "ingressAddress", ingressAddress));
    }

    private static HTTPIngressPathArgs path(String path, String serviceName, int port) {
        return HTTPIngressPathArgs.builder()
                .path(path)
                .pathType("Prefix")
                .backend(IngressBackendArgs.builder().service(IngressServiceBackendArgs.builder()
                        .name(serviceName)
                        .port(ServiceBackendPortArgs.builder().number(port).build())
                        .build()).build())
                .build();
    }

    /** A Service the Ingress routes a path prefix to. */
    public record Route(String name, int port) {
    }

    /** The address this stack reserved; empty when it uses one reserved elsewhere. */
    public Optional<GlobalAddress> staticIp() {
        return staticIp;
    }

    /** The static IP's address: from the reservation, or (reserved elsewhere) as the Ingress reports it. */
    public Output<String> staticIpAddress() {
        return staticIpAddress;
    }

    public Ingress ingress() {
        return ingress;
    }

    /** The address GKE assigned to the Ingress (the static IP once the load balancer is programmed). */
    public Output<String> ingressAddress() {
        return ingressAddress;
    }

    /** Inputs of {@link MilvusFrontend}. HTTPS only unless {@code httpsRedirect}. */
    public static final class Args {
        private final String domain;
        private final String staticIpName;
        private final boolean createStaticIp;
        private final Placement placement;
        private final MilvusService service;
        private final CertificateMode certificateMode;
        private final Optional<String> tlsSecretName;
        private final boolean httpsRedirect;
        private final String sslPolicyName;
        private final List<Resource> sslPolicyDependsOn;
        private final Optional<Route> restService;
        private final List<Resource> dependsOn;

        private Args(Builder b) {
            this.domain = Objects.requireNonNull(b.domain, "domain");
            this.staticIpName = Objects.requireNonNull(b.staticIpName, "staticIpName");
            this.createStaticIp = b.createStaticIp;
            this.placement = Objects.requireNonNull(b.placement, "placement");
            this.service = Objects.requireNonNull(b.service, "service");
            this.certificateMode = Objects.requireNonNull(b.certificateMode, "certificateMode");
            this.tlsSecretName = b.tlsSecretName;
            this.httpsRedirect = b.httpsRedirect;
            this.sslPolicyName = Objects.requireNonNull(b.sslPolicyName, "sslPolicyName");
            this.sslPolicyDependsOn = List.copyOf(b.sslPolicyDependsOn);
            this.restService = b.restService;
            this.dependsOn = List.copyOf(b.dependsOn);
            if (certificateMode == CertificateMode.SELF_MANAGED && tlsSecretName.isEmpty()) {
                throw new IllegalArgumentException("self-managed certificates need tlsSecretName");
            }
        }

        public static Builder builder() {
            return new Builder();
        }
    }

    public static final class Builder {
        private String domain;
        private String staticIpName;
        private boolean createStaticIp = true;
        private Placement placement;
        private MilvusService service;
        private CertificateMode certificateMode = CertificateMode.SELF_MANAGED;
        private Optional<String> tlsSecretName = Optional.empty();
        private boolean httpsRedirect;
        private String sslPolicyName;
        private List<Resource> sslPolicyDependsOn = List.of();
        private Optional<Route> restService = Optional.empty();
        private List<Resource> dependsOn = List.of();

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public Builder staticIpName(String staticIpName) {
            this.staticIpName = staticIpName;
            return this;
        }

        /** Reserve the static IP here (default {@code true}), or use the one reserved elsewhere under {@code staticIpName}. */
        public Builder createStaticIp(boolean createStaticIp) {
            this.createStaticIp = createStaticIp;
            return this;
        }

        /** Namespace, labels and provider of the Ingress and certificate objects (the Service's namespace). */
        public Builder placement(Placement placement) {
            this.placement = placement;
            return this;
        }

        public Builder service(MilvusService service) {
            this.service = service;
            return this;
        }

        public Builder certificateMode(CertificateMode certificateMode) {
            this.certificateMode = certificateMode;
            return this;
        }

        /** The kubernetes.io/tls Secret the load balancer presents in self-managed mode. */
        public Builder tlsSecretName(String tlsSecretName) {
            this.tlsSecretName = Optional.of(tlsSecretName);
            return this;
        }

        public Builder httpsRedirect(boolean httpsRedirect) {
            this.httpsRedirect = httpsRedirect;
            return this;
        }

        /** The REST API's Service, which gets the path {@value MilvusRestApi#PATH} (default: none). */
        public Builder restService(Optional<Route> restService) {
            this.restService = restService;
            return this;
        }

        /** The SSL policy the FrontendConfig names, and the resource that creates it (if this stack does). */
        public Builder sslPolicy(String name, List<Resource> createdBy) {
            this.sslPolicyName = name;
            this.sslPolicyDependsOn = createdBy;
            return this;
        }

        /** Resources the Ingress must wait for (the Milvus release that creates the Service). */
        public Builder dependsOn(List<Resource> dependsOn) {
            this.dependsOn = dependsOn;
            return this;
        }

        public Args build() {
            return new Args(this);
        }
    }
}
