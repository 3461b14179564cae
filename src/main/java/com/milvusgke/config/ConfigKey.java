package com.milvusgke.config;

import java.util.List;
import java.util.Optional;

/**
 * Every config key the program reads, with its type, default and description. Pulumi.yaml's `config:`
 * block and the README's reference table are checked against this list by the tests, so the three agree.
 */
public enum ConfigKey {
    DOMAIN("domain", "string", null, "DNS name clients connect to (lowercase FQDN); certificate name and Ingress host"),
    CERTIFICATE_MODE("certificateMode", "string", "self-managed", "`self-managed` (tls-generated Secret) or `google-managed` (GKE ManagedCertificate)"),
    STATIC_IP_NAME("staticIpName", "string", null, "name of the global static IP; default `milvus-<stack>-ip`"),
    CREATE_STATIC_IP("createStaticIp", "boolean", "true", "reserve that global static IP in this stack (protected); `false` uses one reserved elsewhere (e.g. a network stack) under `staticIpName`"),
    SSL_POLICY("sslPolicy", "string", "modern", "TLS the load balancer accepts: `modern`, `restricted` or `compatible` (an SSL policy `milvus-<stack>-ssl` with that profile and TLS 1.2 at least), or the name of an existing SSL policy"),
    DNS_MANAGED_ZONE("dnsManagedZone", "string", null, "Cloud DNS managed zone (its resource name, not its DNS name) to hold the A record `<domain>.` -> the static IP (optional; without it, create that record yourself)"),
    DNS_PROJECT("dnsProject", "string", null, "GCP project of that zone (optional; default the gcp provider's project)"),
    DNS_TTL("dnsTtl", "integer", "300", "TTL of that record, seconds (30 to 86400)"),
    KEY_ALGORITHM("keyAlgorithm", "string", "RSA", "backend certificate key: `RSA` or `ECDSA`"),
    RSA_BITS("rsaBits", "integer", "2048", "RSA key size: 2048, 3072 or 4096"),
    ECDSA_CURVE("ecdsaCurve", "string", "P256", "ECDSA curve: `P256` or `P384`"),
    CERT_VALIDITY_HOURS("certValidityHours", "integer", "8760", "self-signed certificate validity, hours (24 to 87600)"),
    CERT_EARLY_RENEWAL_HOURS("certEarlyRenewalHours", "integer", "720", "renew on `pulumi up` this many hours before expiry (less than the validity)"),
    NAMESPACE("namespace", "string", "default", "Kubernetes namespace of the Milvus release (DNS-1123 label); it must exist: the stack never creates or deletes a namespace"),
    RELEASE_NAME("releaseName", "string", "my-release", "Helm release name of Milvus (DNS-1123 label, at most 53 characters)"),
    CHART_VERSION("chartVersion", "string", "5.0.19", "exact version of the `milvus` chart in `chartRepository`"),
    CHART_REPOSITORY("chartRepository", "string", "https://zilliztech.github.io/milvus-helm/", "Helm repository of the `milvus` chart: an `https://` URL, an `oci://` reference (the chart is `<reference>/milvus`), or `http://` on a loopback address (a local mirror)"),
    CLUSTER_ENABLED("clusterEnabled", "boolean", "true", "Milvus cluster mode (`true`, proxy serves clients) or standalone (`false`)"),
    REST_API("restApi", "boolean", "false", "also serve Milvus's RESTful API (`/v2/vectordb/...`) through the load balancer: Milvus listens with TLS on port 8080, a second Service and BackendConfig back the Ingress path `/v2/vectordb`"),
    HELM_VALUES("helmValues", "object", "{}", "extra chart values, deep-merged; values that break the L7 setup are rejected"),
    EXISTING_RELEASE("existingRelease", "boolean", "false", "the Helm release `<namespace>/<releaseName>` was installed outside this stack (by hand, as in Milvus's guide): keep this set; the stack updates it in place and `pulumi destroy` leaves it installed, with the TLS Secret its pods mount"),
    ADOPT_RELEASE("adoptRelease", "boolean", "false", "with `existingRelease`: import that release as it is on this `up` (nothing in the cluster changes); unset it and `up` again to switch it to the L7 path"),
    ADOPT_EXISTING_OBJECTS("adoptExistingObjects", "boolean", "false", "take over objects made by hand under the names the stack declares (e.g. the guide's TLS Secret and Ingress; the BackendConfig and ManagedCertificate then take the guide's names `<releaseName>-backendconfig` and `<service>-tls`): the stack applies its own spec over them and `pulumi destroy` leaves them in place; without it such objects are refused before anything is created"),
    HELM_TIMEOUT_SECONDS("helmTimeoutSeconds", "integer", "1200", "how long Helm waits for Milvus to become ready (60 to 3600)"),
    WAIT_FOR_MILVUS("waitForMilvus", "boolean", "true", "`up` waits until Milvus is ready and rolls a failed install or upgrade back (Helm atomic); `false` applies the release and returns (Milvus becomes ready later; nothing is rolled back)"),
    BACKEND_TIMEOUT_SEC("backendTimeoutSec", "integer", "600", "load-balancer backend timeout, seconds (1 to 86400); bounds slow searches, bulk inserts and streams"),
    DRAINING_TIMEOUT_SEC("drainingTimeoutSec", "integer", "60", "connection draining when a backend goes away, seconds (0 to 3600)"),
    SECURITY_POLICY("securityPolicy", "string", null, "Cloud Armor security policy name to attach to the backend (optional)"),
    ALLOWED_SOURCE_RANGES("allowedSourceRanges", "array", "[]", "client address ranges (CIDR, e.g. `203.0.113.0/24`) that may connect: the stack creates the Cloud Armor policy `milvus-<stack>-armor` (deny by default, allow these) and attaches it to the backends; empty: anyone may connect (not with `securityPolicy`)"),
    MILVUS_AUTHENTICATION("milvusAuthentication", "string", null, "Milvus's own authentication (`common.security.authorizationEnabled`): `true` or `false`; unset: on, except for an `existingRelease`, which keeps it off until set `true` (its clients would fail); off on a public endpoint warns on every preview and up"),
    MILVUS_ROOT_PASSWORD("milvusRootPassword", "string", null, "password of Milvus's `root` user, set with `--secret` (6 to 72 characters); unset: generated on the first `up` and kept in the stack's state; required to turn authentication on for an `existingRelease` (root's current password there)"),
    HTTPS_REDIRECT("httpsRedirect", "boolean", "false", "open port 80 only to redirect to HTTPS (otherwise port 80 is closed)"),
    INGRESS_TIMEOUT_SECONDS("ingressTimeoutSeconds", "integer", "1800", "how long `up` waits for GKE to give the Ingress its address, seconds (10 to 7200); GKE often takes longer than pulumi-kubernetes' own 10 minutes"),
    KUBECONFIG("kubeconfig", "string", null, "kubeconfig for the cluster, set with `--secret` (optional; default the ambient kubeconfig)"),
    CLUSTER_STACK("clusterStack", "string", null, "stack that exports the cluster's kubeconfig, e.g. `acme/gke/prod` (optional)"),
    CLUSTER_STACK_OUTPUT("clusterStackOutput", "string", "kubeconfig", "name of that stack's kubeconfig output");

    private final String key;
    private final String type;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String type, String defaultValue, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** Pulumi config type: string, integer, boolean, or object or array (JSON; Pulumi.yaml declares the same type). */
    public String type() {
        return type;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return this == KUBECONFIG || this == MILVUS_ROOT_PASSWORD;
    }

    /** This key's row in the README's config reference (checked by a test, so the README cannot drift). */
    public String referenceRow() {
        var shownDefault = this == DOMAIN ? "(required)" : defaultValue().map(d -> "`" + d + "`").orElse("—");
        return "| `" + key + "` | " + type + " | " + shownDefault + " | " + description + " |";
    }

    public static List<ConfigKey> all() {
        return List.of(values());
    }
}
