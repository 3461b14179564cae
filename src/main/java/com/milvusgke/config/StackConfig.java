package com.milvusgke.config;

import com.pulumi.core.Output;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole stack configuration, parsed and validated once ({@link StackConfigParser}); everything else
 * takes this record and never reads Pulumi config itself.
 *
 * @param stackName             the Pulumi stack, e.g. {@code dev}
 * @param domain                the DNS name clients use; certificate CN/SAN and Ingress host
 * @param certificateMode       which certificate the load balancer presents
 * @param staticIpName          name of the global static IP (GCE resource name)
 * @param createStaticIp        reserve the static IP in this stack, or use one reserved elsewhere under that name
 * @param sslPolicy             the TLS versions and ciphers the load balancer accepts
 * @param dnsRecord             the A record to manage for the domain, if a Cloud DNS zone is given
 * @param key                   backend certificate key algorithm and size
 * @param certValidityHours     validity of the self-signed certificate
 * @param certEarlyRenewalHours renew the certificate on `pulumi up` this long before it expires
 * @param milvus                the Helm release to manage
 * @param backend               load-balancer backend settings
 * @param httpsRedirect         serve port 80 only to redirect to HTTPS (otherwise port 80 is closed)
 * @param ingressTimeoutSeconds how long {@code up} waits for the Ingress to get its address
 * @param clusterAccess         how to reach the cluster
 * @param adoptExistingObjects  take over objects made by hand under the names the stack declares (and keep them on
 *                              destroy); otherwise such objects are refused before anything is created
 * @param security              who may connect and whether Milvus asks who they are
 */
public record StackConfig(
        String stackName,
        String domain,
        CertificateMode certificateMode,
        String staticIpName,
        boolean createStaticIp,
        SslPolicy sslPolicy,
        Optional<DnsRecord> dnsRecord,
        KeySpec key,
        int certValidityHours,
        int certEarlyRenewalHours,
        Milvus milvus,
        Backend backend,
        boolean httpsRedirect,
        int ingressTimeoutSeconds,
        ClusterAccess clusterAccess,
        boolean adoptExistingObjects,
        Security security
) {

    /**
     * Who may reach Milvus through the load balancer, and whether Milvus asks who they are.
     *
     * @param authentication    Milvus's {@code common.security.authorizationEnabled}
     * @param authenticationSet the user chose it ({@code milvusAuthentication}); otherwise it is the default, which for
     *                          an adopted release is "as it was" (off)
     * @param rootPassword      root's password from config (a secret); empty: the stack generates one (a release it installs)
     * @param allowList         the Cloud Armor policy the stack creates from {@code allowedSourceRanges}, if any
     */
    public record Security(boolean authentication, boolean authenticationSet, Optional<Output<String>> rootPassword,
                           Optional<AllowList> allowList) {
        public Security {
            rootPassword = rootPassword == null ? Optional.empty() : rootPassword;
            allowList = allowList == null ? Optional.empty() : allowList;
        }
    }

    /**
     * @param policyName {@code milvus-<stack>-armor}: the Cloud Armor policy's GCE name, which the BackendConfigs name
     * @param ranges     the client ranges it allows (CIDR); everything else is denied
     */
    public record AllowList(String policyName, List<String> ranges) {
        public AllowList {
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * @param releaseName    Helm release name
     * @param namespace      Kubernetes namespace of the release
     * @param chartVersion   version of the zilliztech `milvus` chart
     * @param chartRepository where the chart comes from: an https or loopback http Helm repository, or an oci:// reference
     * @param clusterEnabled Milvus cluster mode (proxy serves clients) or standalone
     * @param userValues     extra chart values, deep-merged under the values this program owns
     * @param helmTimeoutSeconds how long Helm waits for the release to become ready
     * @param existingRelease the release was installed outside this stack: updated in place, never uninstalled by destroy
     * @param adoptExisting  import that release as it is on this {@code up}, instead of installing one
     * @param waitForReady   wait for Milvus to become ready (and roll back on failure) on {@code up}
     * @param restApi        serve the RESTful API on a port of its own, behind the same load balancer
     */
    public record Milvus(
            String releaseName,
            String namespace,
            String chartVersion,
            String chartRepository,
            boolean clusterEnabled,
            Map<String, Object> userValues,
            int helmTimeoutSeconds,
            boolean existingRelease,
            boolean adoptExisting,
            boolean waitForReady,
            boolean restApi
    ) {
        /** An {@code oci://} reference names the chart's location itself; other repositories are indexes. */
        public boolean ociRepository() {
            return chartRepository.startsWith("oci://");
        }
    }

    /** Which SSL policy the load balancer's HTTPS proxy uses: one this stack creates, or one that exists. */
    public sealed interface SslPolicy {
        /** The policy's GCE name, which the FrontendConfig refers to. */
        String name();

        /**
         * @param name    {@code milvus-<stack>-ssl}: stable, because the FrontendConfig refers to it by name
         * @param profile MODERN, RESTRICTED or COMPATIBLE (Google's pre-configured profiles)
         */
        record Managed(String name, String profile) implements SslPolicy {
        }

        /** A policy created elsewhere, referred to by name. */
        record Existing(String name) implements SslPolicy {
        }
    }

    /**
     * @param managedZone Cloud DNS managed zone (resource name)
     * @param project     its project, when not the provider's
     * @param ttlSeconds  the record's TTL
     */
    public record DnsRecord(String managedZone, Optional<String> project, int ttlSeconds) {
    }

    /**
     * @param timeoutSec         backend service timeout (whole request, or whole stream for gRPC streams)
     * @param drainingTimeoutSec connection draining on backend removal
     * @param securityPolicy     Cloud Armor policy name, if any
     */
    public record Backend(int timeoutSec, int drainingTimeoutSec, Optional<String> securityPolicy) {
    }
}
