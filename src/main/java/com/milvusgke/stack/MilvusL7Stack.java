package com.milvusgke.stack;

import com.milvusgke.config.CertificateMode;
import com.milvusgke.config.ClusterAccess;
import com.milvusgke.config.KeySpec;
import com.milvusgke.config.StackConfig;
import com.milvusgke.gke.DnsRecord;
import com.milvusgke.gke.LoadBalancerTlsPolicy;
import com.milvusgke.gke.MilvusBackend;
import com.milvusgke.gke.MilvusFrontend;
import com.milvusgke.gke.MilvusRestApi;
import com.milvusgke.gke.SourceRangePolicy;
import com.milvusgke.milvus.MilvusValues;
import com.milvusgke.k8s.ClusterCheck;
import com.milvusgke.k8s.ExistingObjectsCheck;
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
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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

    /**
     * Inputs of {@link MilvusL7Stack}. Names that another stack may own (a network stack's static IP or SSL policy, a
     * security stack's Cloud Armor policy, a DNS stack's zone) are {@code Output<String>}; what the stack derives its
     * own names from is plain. No defaults here: {@link #from(StackConfig)} takes them from the validated config,
     * whose defaults are documented once, in {@code ConfigKey}.
     *
     * @param domain                the name clients use: certificate name and Ingress host
     * @param certificateMode       which certificate the load balancer presents
     * @param staticIpName          the global static IP
     * @param createStaticIp        reserve it here (protected), or use it as reserved elsewhere
     * @param sslPolicy             the TLS versions and ciphers the load balancer accepts
     * @param dnsRecord             the A record to manage for the domain, if any
     * @param key                   the backend certificate's key
     * @param certValidityHours     its validity
     * @param certEarlyRenewalHours renew on `up` this long before it expires
     * @param milvus                the Helm release
     * @param backendTimeoutSec     load-balancer backend timeout
     * @param drainingTimeoutSec    connection draining
     * @param securityPolicy        Cloud Armor policy for the backends, if any
     * @param httpsRedirect         open port 80 only to redirect to HTTPS
     * @param ingressTimeoutSeconds how long {@code up} waits for GKE to give the Ingress its address
     * @param clusterAccess         how to reach the cluster
     * @param adoptExistingObjects  take over hand-made objects under the declared names (guide names, kept on destroy)
     * @param security              Milvus's authentication and root password, and the allow-list (a Cloud Armor policy)
     * @param stackIdentity         this stack, {@code org/project/stack}: the mark of its own objects and release
     * @param clusterCheck          what to run, before anything is created, against the cluster the provider uses
     *                              ({@link ClusterCheck#OFFLINE} where there is none, as under the SDK's mocks)
     */
    public record Args(String domain, CertificateMode certificateMode, Output<String> staticIpName, boolean createStaticIp,
                       LoadBalancerTlsPolicy.Args sslPolicy, Optional<DnsRecord.Args> dnsRecord, KeySpec key,
                       int certValidityHours, int certEarlyRenewalHours, StackConfig.Milvus milvus, int backendTimeoutSec,
                       int drainingTimeoutSec, Optional<Output<String>> securityPolicy, boolean httpsRedirect,
                       int ingressTimeoutSeconds, ClusterAccess clusterAccess, boolean adoptExistingObjects,
                       StackConfig.Security security, String stackIdentity,
                       Function<ExistingObjectsCheck, ClusterCheck> clusterCheck) {
        public Args {
            Objects.requireNonNull(security, "security");
            Objects.requireNonNull(stackIdentity, "stackIdentity");
            if (security.allowList().isPresent() && securityPolicy.isPresent()) {
                throw new IllegalArgumentException("a backend takes one Cloud Armor policy: the allow-list's or the named one");
            }
            Objects.requireNonNull(clusterCheck, "clusterCheck");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(certificateMode, "certificateMode");
            Objects.requireNonNull(staticIpName, "staticIpName");
            Objects.requireNonNull(sslPolicy, "sslPolicy");
            Objects.requireNonNull(dnsRecord, "dnsRecord");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(milvus, "milvus");
            Objects.requireNonNull(securityPolicy, "securityPolicy");
            Objects.requireNonNull(clusterAccess, "clusterAccess");
        }

        /** The stack {@code stackIdentity} as a validated config describes it, checking the cluster with {@code clusterCheck}. */
        public static Args from(StackConfig config, String stackIdentity, Function<ExistingObjectsCheck, ClusterCheck> clusterCheck) {
            LoadBalancerTlsPolicy.Args sslPolicy = config.sslPolicy() instanceof StackConfig.SslPolicy.Managed managed
                    ? new LoadBalancerTlsPolicy.Args.Managed(managed.name(), managed.profile())
                    : new LoadBalancerTlsPolicy.Args.Existing(Output.of(config.sslPolicy().name()));
            var dns = config.dnsRecord().map(record -> new DnsRecord.Args(Output.of(record.managedZone()),
                    record.project().map(Output::of), record.ttlSeconds()));
            return new Args(config.domain(), config.certificateMode(), Output.of(config.staticIpName()), config.createStaticIp(),
                    sslPolicy, dns, config.key(), config.certValidityHours(), config.certEarlyRenewalHours(), config.milvus(),
                    config.backend().timeoutSec(), config.backend().drainingTimeoutSec(),
                    config.backend().securityPolicy().map(Output::of), config.httpsRedirect(), config.ingressTimeoutSeconds(),
                    config.clusterAccess(), config.adoptExistingObjects(), config.security(), stackIdentity, clusterCheck);
        }
    }

    public MilvusL7Stack(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:index:MilvusL7Stack", name, options);
        var milvus = args.milvus();
        // The Service the chart will create; everything that refers to it derives from the chart's own naming rules.
        var service = MilvusChart.service(milvus);
        var names = ObjectNames.of(service, milvus.releaseName(), args.adoptExistingObjects());

        // Before anything is created: nothing in the cluster under these names that someone else made.
        var check = new ExistingObjectsCheck(names.declared(milvus.namespace(), args.certificateMode(), milvus.restApi(),
                args.security().authentication()),
                milvus.namespace(), milvus.releaseName(), milvus.existingRelease(), args.adoptExistingObjects(),
                args.stackIdentity());
        var checkedProvider = KubernetesProviders.create(name + "-k8s", args.clusterAccess(), args.clusterCheck().apply(check), this);
        var provider = checkedProvider.provider();
        // Nothing else is registered until the check has answered (the provider starts meanwhile): a refused up
        // creates nothing, in the cluster or in the cloud, and the refusal is the program's own error.
        var takenOver = checkedProvider.awaitCheck();
        var childOf = ComponentResourceOptions.builder().parent(this).build();
        var placement = new Placement(milvus.namespace(), milvus.releaseName(), provider, args.adoptExistingObjects(),
                args.stackIdentity(), takenOver);

        // Who may connect: the allow-list's Cloud Armor policy, or one named in config, on every backend.
        var allowList = args.security().allowList().map(list -> new SourceRangePolicy(name + "-armor",
                new SourceRangePolicy.Args(list.policyName(), list.ranges()), childOf));
        var securityPolicy = allowList.map(SourceRangePolicy::policyName).or(args::securityPolicy);

        var backend = new MilvusBackend(name + "-backend", new MilvusBackend.Args(names.backendConfig(), placement,
                args.backendTimeoutSec(), args.drainingTimeoutSec(), securityPolicy), childOf);

        var authentication = args.security().authentication();
        var credentials = authentication ? Optional.of(new MilvusCredentials(name + "-credentials", new MilvusCredentials.Args(
                args.security().rootPassword(), names.rootCredentials(), placement, milvus.existingRelease()), childOf))
                : Optional.<MilvusCredentials>empty();

        var certificate = new BackendCertificate(name + "-tls", new BackendCertificate.Args(args.domain(),
                names.tlsSecret(), placement, args.key(), args.certValidityHours(), args.certEarlyRenewalHours(),
                milvus.existingRelease()), childOf);

        // The pods mount the Secret, read root's first password from the credentials' Secret, and the Service names the
        // BackendConfig: all exist first.
        var releaseDependsOn = new java.util.ArrayList<Resource>(List.of(certificate.secret(), backend.backendConfig()));
        credentials.ifPresent(c -> releaseDependsOn.add(c.secret()));
        var release = new MilvusRelease(name + "-milvus", new MilvusRelease.Args(milvus,
                backend.serviceAnnotations(service.portName()), certificate.secretName(), certificate.certificatePem(),
                new MilvusValues.Authentication(authentication, credentials.map(MilvusCredentials::secretName)),
                releaseDependsOn, placement), childOf);

        var restApi = milvus.restApi() ? Optional.of(new MilvusRestApi(name + "-rest", new MilvusRestApi.Args(
                names.restService(), MilvusValues.REST_PORT, MilvusChart.servingPodSelector(milvus), placement,
                args.backendTimeoutSec(), args.drainingTimeoutSec(), securityPolicy,
                milvus.waitForReady(), List.of(release.release())), childOf)) : Optional.<MilvusRestApi>empty();

        var tlsPolicy = new LoadBalancerTlsPolicy(name + "-tlspolicy", args.sslPolicy(), childOf);

        var frontendArgs = new MilvusFrontend.Args(args.domain(), args.staticIpName(), args.createStaticIp(), placement,
                service, args.certificateMode(), Optional.of(certificate.secretName()), args.httpsRedirect(), args.ingressTimeoutSeconds(),
                tlsPolicy.policyName(), tlsPolicy.policy().<List<Resource>>map(List::of).orElse(List.of()),
                restApi.map(rest -> new MilvusFrontend.Route(rest.serviceName(), rest.port())),
                restApi.<List<Resource>>map(rest -> List.of(release.release(), rest.service())).orElse(List.of(release.release())),
                names.frontend(), authentication ? MilvusFrontend.Authentication.ON
                : args.security().authenticationSet() ? MilvusFrontend.Authentication.OFF : MilvusFrontend.Authentication.KEPT_OFF_ADOPTED);
        var frontend = new MilvusFrontend(name + "-frontend", frontendArgs, childOf);

        var dns = args.dnsRecord().map(record ->
                new DnsRecord(name + "-dns", args.domain(), frontend.staticIpAddress(), record, childOf));

        boolean selfManaged = args.certificateMode() == CertificateMode.SELF_MANAGED;
        this.outputs = new StackOutputs(
                frontend.ingressAddress(),
                frontend.staticIpAddress(),
                args.staticIpName(),
                args.domain(),
                args.domain() + ":" + MilvusFrontend.HTTPS_PORT,
                MilvusFrontend.HTTPS_PORT,
                args.certificateMode().configValue(),
                certificate.secretName(),
                selfManaged ? certificate.certificatePem() : Output.of(""),
                service.name(),
                milvus.namespace(),
                milvus.releaseName(),
                dns.map(DnsRecord::dnsName).orElse(""),
                restApi.map(rest -> "https://" + args.domain() + MilvusRestApi.PATH).orElse(""),
                authentication,
                authentication ? MilvusCredentials.ROOT_USER : "",
                credentials.map(MilvusCredentials::password).orElse(Output.ofSecret("")));
        registerOutputs(outputs.asMap());
    }

    public StackOutputs outputs() {
        return outputs;
    }
}
