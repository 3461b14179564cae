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
import com.pulumi.resources.CustomTimeouts;
import com.pulumi.resources.Resource;

import javax.annotation.Nullable;
import java.time.Duration;
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
        annotations.put(GkeAnnotations.ALLOW_HTTP, String.valueOf(args.httpsRedirect));
        // Whether Milvus behind this public endpoint asks clients who they are: for people (kubectl describe) and the
        // policy pack, which cannot see the stack's config (it tells a release kept as adopted from one turned off).
        annotations.put(AUTHENTICATION_ANNOTATION, args.milvusAuthentication.annotationValue());
        var dependencies = new ArrayList<Resource>(args.dependsOn);

        if (args.certificateMode == CertificateMode.GOOGLE_MANAGED) {
            var certName = args.objectNames.managedCertificate();
            dependencies.add(new KubernetesCustomResource(name + "-managedcertificate",
                    KubernetesCustomResourceArgs.of(MANAGED_CERTIFICATE_API, "ManagedCertificate",
                            placement.metadata("ManagedCertificate", certName),
                            Maps.ordered("domains", List.of(args.domain))),
                    placement.options(this, "ManagedCertificate", certName).build()));
            annotations.put(GkeAnnotations.MANAGED_CERTIFICATES, certName);
        }
        // The FrontendConfig always carries the SSL policy (which TLS clients may use), and the redirect when asked.
        var frontendConfigName = args.objectNames.frontendConfig();
        var frontendSpec = new LinkedHashMap<String, Object>();
        frontendSpec.put("sslPolicy", args.sslPolicyName);
        if (args.httpsRedirect) {
            frontendSpec.put("redirectToHttps", Maps.ordered("enabled", true, "responseCodeName", "MOVED_PERMANENTLY_DEFAULT"));
        }
        dependencies.add(new KubernetesCustomResource(name + "-frontendconfig",
                KubernetesCustomResourceArgs.of(FRONTEND_CONFIG_API, "FrontendConfig",
                        placement.metadata("FrontendConfig", frontendConfigName), frontendSpec),
                placement.options(this, "FrontendConfig", frontendConfigName).dependsOn(args.sslPolicyDependsOn).build()));
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
        // The static IP's name may be another stack's output: the annotations wait for it.
        var ingressAnnotations = args.staticIpName.applyValue(ipName -> {
            var all = new LinkedHashMap<String, String>(annotations);
            all.put(GkeAnnotations.GLOBAL_STATIC_IP_NAME, ipName);
            return (Map<String, String>) all;
        });
        this.ingress = new Ingress(name + "-ingress", IngressArgs.builder()
                .metadata(placement.metadata("Ingress", args.objectNames.ingress(), ingressAnnotations))
                .spec(spec.build())
                .build(),
                placement.options(this, "Ingress", args.objectNames.ingress()).dependsOn(dependencies)
                        // pulumi-kubernetes waits for the Ingress's address 10 minutes unless told otherwise, and GKE can
                        // take longer to program a load balancer: the wait is a setting (ingressTimeoutSeconds).
                        .customTimeouts(CustomTimeouts.builder()
                                .create(Duration.ofSeconds(args.ingressTimeoutSeconds))
                                .update(Duration.ofSeconds(args.ingressTimeoutSeconds))
                                .build())
                        .build());

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

    /**
     * The names of the frontend's Kubernetes objects.
     *
     * @param ingress            the Ingress
     * @param frontendConfig     its FrontendConfig
     * @param managedCertificate its ManagedCertificate (google-managed mode)
     */
    /** The Ingress annotation saying whether Milvus behind it asks clients for credentials. */
    public static final String AUTHENTICATION_ANNOTATION = "milvus-gke-l7/milvus-authentication";

    /** Milvus's authentication behind the Ingress, as its annotation says it. */
    public enum Authentication {
        ON("on"),
        OFF("off"),
        /** Off because an adopted release is kept as it was until the user turns it on. */
        KEPT_OFF_ADOPTED("kept-off-adopted");

        private final String annotationValue;

        Authentication(String annotationValue) {
            this.annotationValue = annotationValue;
        }

        public String annotationValue() {
            return annotationValue;
        }
    }

    public record Names(String ingress, String frontendConfig, String managedCertificate) {
        public Names {
            Objects.requireNonNull(ingress, "ingress");
            Objects.requireNonNull(frontendConfig, "frontendConfig");
            Objects.requireNonNull(managedCertificate, "managedCertificate");
        }
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

    /**
     * Inputs of {@link MilvusFrontend}: HTTPS only unless {@code httpsRedirect}.
     *
     * @param domain             the Ingress host and certificate name
     * @param staticIpName       the global address the Ingress is served on (a name another stack may own)
     * @param createStaticIp     reserve that address here (protected), or use the one reserved elsewhere by name
     * @param placement          namespace, labels and provider of the Ingress and certificate objects
     * @param service            the chart's Milvus Service, which gets every gRPC path
     * @param certificateMode    which certificate the load balancer presents
     * @param tlsSecretName      the kubernetes.io/tls Secret presented in self-managed mode
     * @param httpsRedirect      open port 80 only to redirect to HTTPS
     * @param ingressTimeoutSeconds how long creating or updating the Ingress waits for its address (pulumi-kubernetes'
     *                           await, as the resource's create and update custom timeouts)
     * @param sslPolicyName      the SSL policy the FrontendConfig names (a name another stack may own)
     * @param sslPolicyDependsOn the resource that creates that policy, if this stack does
     * @param restService        the REST API's Service, which gets the path {@value MilvusRestApi#PATH}, if served
     * @param dependsOn          what the Ingress waits for (the release that creates the Service)
     * @param objectNames        the names of the Ingress and its certificate and frontend objects
     * @param milvusAuthentication whether Milvus behind it asks for credentials (an annotation of the Ingress)
     */
    public record Args(String domain, Output<String> staticIpName, boolean createStaticIp, Placement placement, MilvusService service,
                       CertificateMode certificateMode, Optional<String> tlsSecretName, boolean httpsRedirect,
                       int ingressTimeoutSeconds, Output<String> sslPolicyName, List<Resource> sslPolicyDependsOn, Optional<Route> restService,
                       List<Resource> dependsOn, Names objectNames, Authentication milvusAuthentication) {
        public Args {
            Objects.requireNonNull(milvusAuthentication, "milvusAuthentication");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(objectNames, "objectNames");
            Objects.requireNonNull(staticIpName, "staticIpName");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(certificateMode, "certificateMode");
            Objects.requireNonNull(sslPolicyName, "sslPolicyName");
            sslPolicyDependsOn = List.copyOf(sslPolicyDependsOn);
            if (ingressTimeoutSeconds <= 0) {
                throw new IllegalArgumentException("ingressTimeoutSeconds must be positive, not " + ingressTimeoutSeconds);
            }
            Objects.requireNonNull(restService, "restService");
            dependsOn = List.copyOf(dependsOn);
            if (certificateMode == CertificateMode.SELF_MANAGED && tlsSecretName.isEmpty()) {
                throw new IllegalArgumentException("self-managed certificates need tlsSecretName");
            }
        }
    }
}
