package com.milvusgke.stack;

import com.milvusgke.config.CertificateMode;
import com.milvusgke.config.StackConfig;
import com.milvusgke.gke.DnsRecord;
import com.milvusgke.gke.LoadBalancerTlsPolicy;
import com.milvusgke.gke.MilvusBackend;
import com.milvusgke.gke.MilvusFrontend;
import com.milvusgke.gke.MilvusRestApi;
import com.milvusgke.milvus.MilvusValues;
import com.milvusgke.k8s.KubernetesProviders;
import com.milvusgke.k8s.Placement;
import com.milvusgke.milvus.MilvusChart;
import com.milvusgke.milvus.MilvusRelease;
import com.milvusgke.tls.BackendCertificate;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;

import javax.annotation.Nullable;
import java.util.List;

/**
 * Milvus on GKE behind a Google Cloud Layer-7 load balancer: the whole stack, from a validated
 * {@link StackConfig}.
 *
 * <pre>
 * client --TLS, SNI=domain--> global static IP :443 --> GCLB --> NEG --> Milvus :19530 (HTTP/2 + TLS)
 *                                                       health check --> :9091/healthz
 * </pre>
 */
public final class MilvusL7Stack extends ComponentResource {
    private final StackOutputs outputs;

    public MilvusL7Stack(String name, StackConfig config, @Nullable ComponentResourceOptions options) {
        super("milvusgke:index:MilvusL7Stack", name, options);
        var milvus = config.milvus();
        var provider = KubernetesProviders.create(name + "-k8s", config.clusterAccess(), this);
        var childOf = ComponentResourceOptions.builder().parent(this).build();
        var placement = new Placement(milvus.namespace(), milvus.releaseName(), provider);

        // The Service the chart will create; everything that refers to it derives from the chart's own naming rules.
        var service = MilvusChart.service(milvus);

        var backend = new MilvusBackend(name + "-backend", new MilvusBackend.Args(service.name(), placement,
                config.backend().timeoutSec(), config.backend().drainingTimeoutSec(), config.backend().securityPolicy()), childOf);

        var certificate = new BackendCertificate(name + "-tls", new BackendCertificate.Args(config.domain(),
                service.name() + "-tls", placement, config.key(), config.certValidityHours(), config.certEarlyRenewalHours()), childOf);

        // The pods mount the Secret, and the Service names the BackendConfig: both exist first.
        var release = new MilvusRelease(name + "-milvus", new MilvusRelease.Args(milvus,
                backend.serviceAnnotations(service.portName()), certificate.secretName(), certificate.certificatePem(),
                List.of(certificate.secret(), backend.backendConfig()), placement), childOf);

        var restApi = milvus.restApi() ? java.util.Optional.of(new MilvusRestApi(name + "-rest", new MilvusRestApi.Args(
                service.name() + "-rest", MilvusValues.REST_PORT, MilvusChart.servingPodSelector(milvus), placement,
                config.backend().timeoutSec(), config.backend().drainingTimeoutSec(), config.backend().securityPolicy(),
                milvus.waitForReady(), List.of(release.release())), childOf)) : java.util.Optional.<MilvusRestApi>empty();

        var tlsPolicy = new LoadBalancerTlsPolicy(name + "-tlspolicy", config.sslPolicy(), childOf);

        var frontendArgs = new MilvusFrontend.Args(config.domain(), config.staticIpName(), config.createStaticIp(), placement,
                service, config.certificateMode(), java.util.Optional.of(certificate.secretName()), config.httpsRedirect(),
                tlsPolicy.policyName(), tlsPolicy.policy().<List<Resource>>map(List::of).orElse(List.of()),
                restApi.map(rest -> new MilvusFrontend.Route(rest.serviceName(), rest.port())),
                restApi.<List<Resource>>map(rest -> List.of(release.release(), rest.service())).orElse(List.of(release.release())));
        var frontend = new MilvusFrontend(name + "-frontend", frontendArgs, childOf);

        var dns = config.dnsRecord().map(record ->
                new DnsRecord(name + "-dns", config.domain(), frontend.staticIpAddress(), record, childOf));

        boolean selfManaged = config.certificateMode() == CertificateMode.SELF_MANAGED;
        this.outputs = new StackOutputs(
                frontend.ingressAddress(),
                frontend.staticIpAddress(),
                config.staticIpName(),
                config.domain(),
                config.domain() + ":" + MilvusFrontend.HTTPS_PORT,
                MilvusFrontend.HTTPS_PORT,
                config.certificateMode().configValue(),
                certificate.secretName(),
                selfManaged ? certificate.certificatePem() : Output.of(""),
                service.name(),
                milvus.namespace(),
                milvus.releaseName(),
                dns.map(DnsRecord::dnsName).orElse(""),
                restApi.map(rest -> "https://" + config.domain() + MilvusRestApi.PATH).orElse(""));
        registerOutputs(outputs.asMap());
    }

    public StackOutputs outputs() {
        return outputs;
    }
}
