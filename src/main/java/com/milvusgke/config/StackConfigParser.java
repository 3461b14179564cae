package com.milvusgke.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.pulumi.core.Output;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads every key once, validates all of them, and either returns a {@link StackConfig} or throws one
 * {@link ConfigException} listing each bad key with its value and what is allowed. Nothing is registered
 * before this returns, so bad config never leaves half a stack behind.
 */
public final class StackConfigParser {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** GCE resource names (addresses, security policies): RFC 1035, at most 63 characters. */
    private static final Pattern GCE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern GCP_PROJECT_ID = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
    private static final Pattern STACK_REF = Pattern.compile("([A-Za-z0-9_.-]+/){0,2}[A-Za-z0-9_.-]+");

    /** A stack as the pulumi CLI names it: {@code stack}, {@code org/stack} or {@code org/project/stack}. */
    public static boolean isStackReference(String text) {
        return STACK_REF.matcher(text).matches();
    }
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");
    /** GKE ManagedCertificate: a domain of at most 63 characters, no wildcard. */
    static final int MANAGED_CERT_MAX_DOMAIN_LENGTH = 63;
    /** Helm refuses release names longer than 53 characters. */
    static final int HELM_RELEASE_NAME_MAX = 53;

    private static final Gson JSON = new GsonBuilder()
            .disableHtmlEscaping()
            // Integers stay integers (replicas: 2, not 2.0); the Pulumi serializer takes Integer and Double.
            .setObjectToNumberStrategy(in -> {
                var number = ToNumberPolicy.LONG_OR_DOUBLE.readNumber(in);
                return number instanceof Long l && l == l.intValue() ? (Number) l.intValue() : (Number) number.doubleValue();
            })
            .create();

    /**
     * Checks the user's extra chart values against what the stack needs of the chart. Given by the caller: the chart's
     * rules live above config (in milvus), and config imports nothing of this program.
     */
    @FunctionalInterface
    public interface ValuesCheck {
        /** @return one message per conflict, naming the value path, the value and what is allowed */
        List<String> conflicts(Map<String, Object> userValues, String chartVersion, boolean clusterEnabled, boolean restApi);
    }

    private final ConfigSource source;
    private final ValuesCheck valuesCheck;
    private final List<String> problems = new ArrayList<>();

    private StackConfigParser(ConfigSource source, ValuesCheck valuesCheck) {
        this.source = source;
        this.valuesCheck = valuesCheck;
    }

    public static StackConfig parse(ConfigSource source, ValuesCheck valuesCheck) {
        return new StackConfigParser(source, valuesCheck).parse();
    }

    private StackConfig parse() {
        unknownKeys();
        emptyValues();
        var mode = enumValue(ConfigKey.CERTIFICATE_MODE, Set.of("self-managed", "google-managed"));
        var certificateMode = CertificateMode.fromConfig(mode).orElse(CertificateMode.SELF_MANAGED);
        var domain = domain(certificateMode);
        var staticIpName = staticIpName();
        boolean createStaticIp = bool(ConfigKey.CREATE_STATIC_IP);
        var sslPolicy = sslPolicy();
        var dnsRecord = dnsRecord();
        var key = keySpec();
        int validity = integer(ConfigKey.CERT_VALIDITY_HOURS, 24, 87_600);
        int earlyRenewal = integer(ConfigKey.CERT_EARLY_RENEWAL_HOURS, 0, 87_600);
        if (earlyRenewal >= validity && validity > 0) {
            problem(ConfigKey.CERT_EARLY_RENEWAL_HOURS, String.valueOf(earlyRenewal),
                    "must be less than " + qualified(ConfigKey.CERT_VALIDITY_HOURS) + " (" + validity + ")");
        }
        var milvus = milvus();
        var backend = new StackConfig.Backend(
                integer(ConfigKey.BACKEND_TIMEOUT_SEC, 1, 86_400),
                integer(ConfigKey.DRAINING_TIMEOUT_SEC, 0, 3_600),
                optional(ConfigKey.SECURITY_POLICY).filter(v -> matches(ConfigKey.SECURITY_POLICY, v, GCE_NAME,
                        "a Cloud Armor policy name: lowercase letters, digits and '-', starting with a letter, at most 63 characters")));
        var security = security(milvus.existingRelease(), backend.securityPolicy().isPresent());
        boolean httpsRedirect = bool(ConfigKey.HTTPS_REDIRECT);
        int ingressTimeout = integer(ConfigKey.INGRESS_TIMEOUT_SECONDS, 10, 7_200);
        var clusterAccess = clusterAccess();

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new StackConfig(source.stackName(), domain, certificateMode, staticIpName, createStaticIp, sslPolicy, dnsRecord, key,
                validity, earlyRenewal,
                milvus, backend, httpsRedirect, ingressTimeout, clusterAccess, bool(ConfigKey.ADOPT_EXISTING_OBJECTS), security);
    }

    /** Milvus's own bcrypt-based limit for the default root password, and its proxy's minimum password length. */
    static final int ROOT_PASSWORD_MIN = 6;
    static final int ROOT_PASSWORD_MAX = 72;
    /** Cloud Armor takes at most 10 ranges per rule; 10 rules keep the policy far below its rule quota. */
    static final int MAX_SOURCE_RANGES = 100;
    private static final Pattern IPV4_CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)/(3[0-2]|[12]?\\d)");
    private static final Pattern IPV6_CIDR = Pattern.compile("[0-9a-f:]*:[0-9a-f:.]*/(12[0-8]|1[01]\\d|[1-9]?\\d)");

    /**
     * Authentication (on by default; an adopted release keeps it as it was, off, until the user turns it on), root's
     * password (a secret: never quoted in a message), and the allow-list. The password's value is never shown.
     */
    private StackConfig.Security security(boolean existingRelease, boolean namedSecurityPolicy) {
        var authValue = optional(ConfigKey.MILVUS_AUTHENTICATION);
        boolean authSet = authValue.isPresent();
        boolean authentication = !existingRelease;
        if (authSet) {
            if (authValue.get().equals("true") || authValue.get().equals("false")) {
                authentication = Boolean.parseBoolean(authValue.get());
            } else {
                problem(ConfigKey.MILVUS_AUTHENTICATION, authValue.get(), "expected true or false (or unset: on, or as it is for an existingRelease)");
            }
        }
        var password = source.get(ConfigKey.MILVUS_ROOT_PASSWORD.key()).filter(v -> !v.isEmpty());
        if (password.isPresent()) {
            int length = password.get().length();
            if (length < ROOT_PASSWORD_MIN || length > ROOT_PASSWORD_MAX) {
                problems.add(qualified(ConfigKey.MILVUS_ROOT_PASSWORD) + " is invalid: Milvus takes a root password of "
                        + ROOT_PASSWORD_MIN + " to " + ROOT_PASSWORD_MAX + " characters (the value is a secret and is not shown;"
                        + " pulumi config set --secret " + ConfigKey.MILVUS_ROOT_PASSWORD.key() + " -s " + source.stackName() + ")");
            }
            if (!authentication) {
                problems.add(qualified(ConfigKey.MILVUS_ROOT_PASSWORD) + " is set, but authentication is off ("
                        + qualified(ConfigKey.MILVUS_AUTHENTICATION) + (authSet ? " = false" : " unset, for an existingRelease")
                        + "): set " + ConfigKey.MILVUS_AUTHENTICATION.key() + " true to use it, or remove it");
            }
        } else if (authentication && existingRelease) {
            // Milvus takes its default root password only at its very first start; an installed one already has root's
            // password (Milvus's own default is the well-known "Milvus"), which a generated one would not match.
            problems.add(qualified(ConfigKey.MILVUS_AUTHENTICATION) + " = true for an existingRelease needs "
                    + qualified(ConfigKey.MILVUS_ROOT_PASSWORD) + ": root's password in that Milvus, which has it since its first"
                    + " start (Milvus's default is the well-known `Milvus`: change it first, see docs/security.md), set with"
                    + " pulumi config set --secret " + ConfigKey.MILVUS_ROOT_PASSWORD.key() + " -s " + source.stackName());
        }
        // Wrapped at once: a secret from here on.
        var rootPassword = password.map(Output::ofSecret);
        return new StackConfig.Security(authentication, authSet, rootPassword, allowList(namedSecurityPolicy));
    }

    private Optional<StackConfig.AllowList> allowList(boolean namedSecurityPolicy) {
        var raw = optional(ConfigKey.ALLOWED_SOURCE_RANGES).orElse("[]");
        List<?> parsed;
        try {
            Object value = JSON.fromJson(raw, Object.class);
            if (!(value instanceof List<?> list)) {
                problem(ConfigKey.ALLOWED_SOURCE_RANGES, raw, SOURCE_RANGES_EXPECTED);
                return Optional.empty();
            }
            parsed = list;
        } catch (JsonParseException e) {
            problem(ConfigKey.ALLOWED_SOURCE_RANGES, raw, SOURCE_RANGES_EXPECTED);
            return Optional.empty();
        }
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        var ranges = new ArrayList<String>();
        for (Object item : parsed) {
            var range = item instanceof String text ? text : String.valueOf(item);
            var why = sourceRangeProblem(range);
            if (why.isPresent()) {
                problems.add(qualified(ConfigKey.ALLOWED_SOURCE_RANGES) + ": " + JSON.toJson(range) + " is invalid: " + why.get());
            } else if (ranges.contains(range)) {
                problems.add(qualified(ConfigKey.ALLOWED_SOURCE_RANGES) + ": " + JSON.toJson(range) + " is listed twice");
            } else {
                ranges.add(range);
            }
        }
        if (parsed.size() > MAX_SOURCE_RANGES) {
            problems.add(qualified(ConfigKey.ALLOWED_SOURCE_RANGES) + " has " + parsed.size() + " ranges; at most "
                    + MAX_SOURCE_RANGES + " (merge neighbouring ranges, or attach a policy of your own with securityPolicy)");
        }
        if (namedSecurityPolicy) {
            problems.add(qualified(ConfigKey.ALLOWED_SOURCE_RANGES) + " and " + qualified(ConfigKey.SECURITY_POLICY)
                    + " are both set: a backend takes one Cloud Armor policy; put the ranges in that policy, or unset "
                    + ConfigKey.SECURITY_POLICY.key());
        }
        return Optional.of(new StackConfig.AllowList(derivedName("armor", ConfigKey.ALLOWED_SOURCE_RANGES), ranges));
    }

    private static final String SOURCE_RANGES_EXPECTED = "expected a list of CIDR ranges, e.g. [\"203.0.113.0/24\", \"2001:db8::/32\"]"
            + " (in a stack file: a YAML list under allowedSourceRanges; on the command line: pulumi config set --path"
            + " 'allowedSourceRanges[0]' 203.0.113.0/24)";

    /** Why a range is not one Cloud Armor takes as written: a CIDR with its prefix length and no host bits set. */
    static Optional<String> sourceRangeProblem(String range) {
        boolean v4 = IPV4_CIDR.matcher(range).matches();
        boolean v6 = !v4 && IPV6_CIDR.matcher(range).matches();
        if (!v4 && !v6) {
            return Optional.of(range.contains("/") ? "expected an IPv4 or IPv6 CIDR range such as 203.0.113.0/24 or 2001:db8::/32"
                    : "expected a CIDR range with its prefix length, e.g. " + range + (range.contains(":") ? "/128" : "/32")
                    + " for one address");
        }
        int slash = range.indexOf('/');
        byte[] address;
        try {
            address = java.net.InetAddress.getByName(range.substring(0, slash)).getAddress(); // a literal: never looked up
        } catch (java.net.UnknownHostException e) {
            return Optional.of("expected an IPv4 or IPv6 CIDR range such as 203.0.113.0/24 or 2001:db8::/32");
        }
        int prefix = Integer.parseInt(range.substring(slash + 1));
        var network = address.clone();
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        if (!java.util.Arrays.equals(address, network)) {
            try {
                var canonical = java.net.InetAddress.getByAddress(network).getHostAddress();
                return Optional.of("it has host bits set; the range is " + canonical + "/" + prefix);
            } catch (java.net.UnknownHostException e) {
                return Optional.of("it has host bits set");
            }
        }
        return Optional.empty();
    }

    /** A key this program does not read is most likely a typo of one it does; Pulumi itself would ignore it. */
    private void unknownKeys() {
        var known = ConfigKey.all().stream().map(ConfigKey::key).toList();
        for (var key : source.keys()) {
            if (known.contains(key)) {
                continue;
            }
            var nearest = KeySuggestion.nearest(key, known);
            problems.add(source.namespace() + ":" + key + " is not a setting of this program"
                    + nearest.map(k -> "; did you mean " + k + "?").orElse("")
                    + " (settings: " + String.join(", ", known) + ")");
        }
    }

    /**
     * A key given with no value ({@code rsaBits:} in a stack file, which Pulumi passes as "") where the key needs one: the
     * keys with a default (an empty value is none of their allowed values) and the required {@code domain} (reported by
     * {@link #domain}). The other keys are optional, and empty means unset. Reported here once, so the readers below see
     * the default and add no second, confusing problem about an empty value.
     */
    private void emptyValues() {
        for (var key : ConfigKey.all()) {
            if (key.defaultValue().isEmpty() || !source.keys().contains(key.key())
                    || !source.get(key.key()).map(String::isEmpty).orElse(false)) {
                continue;
            }
            problems.add(qualified(key) + " is empty, but it needs a value (" + key.description() + "); remove the key to use the"
                    + " default, " + key.defaultValue().get());
        }
    }

    private String domain(CertificateMode mode) {
        var domain = optional(ConfigKey.DOMAIN);
        if (domain.isEmpty()) {
            problems.add(qualified(ConfigKey.DOMAIN) + " is required: the DNS name clients connect to, e.g. milvus.example.com"
                    + " (pulumi config set " + ConfigKey.DOMAIN.key() + " milvus.example.com -s " + source.stackName() + ")");
            return "";
        }
        var value = domain.get();
        if (!DnsNames.isLowercaseFqdn(value)) {
            problem(ConfigKey.DOMAIN, value, "expected a lowercase fully-qualified domain name such as milvus.example.com"
                    + " (labels of a-z, 0-9 and '-', at least two labels, no trailing dot, no wildcard)");
        } else if (mode == CertificateMode.GOOGLE_MANAGED && value.length() > MANAGED_CERT_MAX_DOMAIN_LENGTH) {
            problem(ConfigKey.DOMAIN, value, "a GKE ManagedCertificate domain has at most " + MANAGED_CERT_MAX_DOMAIN_LENGTH
                    + " characters (this one has " + value.length() + "); use a shorter name or certificateMode self-managed");
        }
        return value;
    }

    private String staticIpName() {
        var explicit = optional(ConfigKey.STATIC_IP_NAME);
        if (explicit.isPresent()) {
            matches(ConfigKey.STATIC_IP_NAME, explicit.get(), GCE_NAME,
                    "a GCE resource name: lowercase letters, digits and '-', starting with a letter, at most 63 characters");
            return explicit.get();
        }
        var derived = stackScopedName("ip");
        if (!GCE_NAME.matcher(derived).matches()) {
            problems.add(qualified(ConfigKey.STATIC_IP_NAME) + " is required for stack \"" + source.stackName()
                    + "\": the default name \"" + derived + "\" is not a valid GCE resource name (lowercase letters, digits and '-', at most 63 characters)");
        }
        return derived;
    }

    /** A profile name creates a policy named after the stack; anything else names an existing policy. */
    private StackConfig.SslPolicy sslPolicy() {
        var value = raw(ConfigKey.SSL_POLICY);
        var profile = java.util.List.of("modern", "restricted", "compatible");
        if (profile.contains(value)) {
            var name = derivedName("ssl", ConfigKey.SSL_POLICY);
            return new StackConfig.SslPolicy.Managed(name, value.toUpperCase(java.util.Locale.ROOT));
        }
        matches(ConfigKey.SSL_POLICY, value, GCE_NAME, "modern, restricted, compatible, or the name of an existing SSL policy"
                + " (lowercase letters, digits and '-', starting with a letter, at most 63 characters)");
        return new StackConfig.SslPolicy.Existing(value);
    }

    /** Only the zone's resource name is known offline (not its DNS name), so only names are checked here. */
    private Optional<StackConfig.DnsRecord> dnsRecord() {
        var zone = optional(ConfigKey.DNS_MANAGED_ZONE);
        var project = optional(ConfigKey.DNS_PROJECT);
        int ttl = integer(ConfigKey.DNS_TTL, 30, 86_400);
        if (zone.isEmpty()) {
            if (project.isPresent()) {
                problems.add(qualified(ConfigKey.DNS_PROJECT) + " is set but " + qualified(ConfigKey.DNS_MANAGED_ZONE)
                        + " is not: give the zone to create the record in, or unset " + ConfigKey.DNS_PROJECT.key());
            }
            return Optional.empty();
        }
        matches(ConfigKey.DNS_MANAGED_ZONE, zone.get(), GCE_NAME, "a Cloud DNS managed zone's resource name (e.g. example-com, not"
                + " example.com.): lowercase letters, digits and '-', starting with a letter, at most 63 characters");
        project.ifPresent(p -> matches(ConfigKey.DNS_PROJECT, p, GCP_PROJECT_ID,
                "a GCP project ID: 6 to 30 lowercase letters, digits and '-', starting with a letter"));
        return Optional.of(new StackConfig.DnsRecord(zone.get(), project, ttl));
    }

    /** The GCE name this program derives for the stack's own resources: {@code milvus-<stack>-<suffix>}. */
    private String stackScopedName(String suffix) {
        return "milvus-" + source.stackName().toLowerCase().replaceAll("[^a-z0-9-]+", "-") + "-" + suffix;
    }

    /** {@code milvus-<stack>-<suffix>}, which must be a valid GCE name; the key that could replace it is named. */
    private String derivedName(String suffix, ConfigKey key) {
        var derived = stackScopedName(suffix);
        if (!GCE_NAME.matcher(derived).matches()) {
            problems.add(qualified(key) + ": the name \"" + derived + "\" derived from stack \"" + source.stackName()
                    + "\" is not a valid GCE resource name (lowercase letters, digits and '-', at most 63 characters)");
        }
        return derived;
    }

    private KeySpec keySpec() {
        var algorithm = enumValue(ConfigKey.KEY_ALGORITHM, Set.of(KeySpec.RSA, KeySpec.ECDSA));
        if (KeySpec.ECDSA.equals(algorithm)) {
            return KeySpec.ecdsa(enumValue(ConfigKey.ECDSA_CURVE, Set.of("P256", "P384")));
        }
        var bits = raw(ConfigKey.RSA_BITS);
        if (!Set.of("2048", "3072", "4096").contains(bits)) {
            problem(ConfigKey.RSA_BITS, bits, "allowed: 2048, 3072, 4096");
            return KeySpec.rsa(2048);
        }
        return KeySpec.rsa(Integer.parseInt(bits));
    }

    private StackConfig.Milvus milvus() {
        var releaseName = raw(ConfigKey.RELEASE_NAME);
        matches(ConfigKey.RELEASE_NAME, releaseName, DNS_LABEL,
                "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit");
        if (releaseName.length() > HELM_RELEASE_NAME_MAX) {
            problem(ConfigKey.RELEASE_NAME, releaseName, "Helm release names have at most " + HELM_RELEASE_NAME_MAX + " characters");
        }
        var namespace = raw(ConfigKey.NAMESPACE);
        if (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63) {
            problem(ConfigKey.NAMESPACE, namespace, "a DNS-1123 label: lowercase letters, digits and '-', at most 63 characters");
        }
        var chartVersion = raw(ConfigKey.CHART_VERSION);
        matches(ConfigKey.CHART_VERSION, chartVersion, SEMVER, "an exact chart version such as 5.0.19 (no ranges)");
        var chartRepository = chartRepository();
        boolean clusterEnabled = bool(ConfigKey.CLUSTER_ENABLED);
        var userValues = helmValues();
        int timeout = integer(ConfigKey.HELM_TIMEOUT_SECONDS, 60, 3_600);
        boolean existing = bool(ConfigKey.EXISTING_RELEASE);
        boolean adopt = bool(ConfigKey.ADOPT_RELEASE);
        if (adopt && !existing) {
            // The import is one step; that the release is not the stack's own stays true after it, and decides
            // what destroy does, so it is its own setting, which stays set.
            problems.add(qualified(ConfigKey.ADOPT_RELEASE) + " = true needs " + qualified(ConfigKey.EXISTING_RELEASE)
                    + " = true as well: the release was installed outside this stack, which stays true after the import "
                    + "(pulumi config set " + ConfigKey.EXISTING_RELEASE.key() + " true)");
        }
        boolean wait = bool(ConfigKey.WAIT_FOR_MILVUS);
        boolean restApi = bool(ConfigKey.REST_API);
        for (var conflict : valuesCheck.conflicts(userValues, chartVersion, clusterEnabled, restApi)) {
            problems.add(qualified(ConfigKey.HELM_VALUES) + ": " + conflict);
        }
        return new StackConfig.Milvus(releaseName, namespace, chartVersion, chartRepository, clusterEnabled, userValues, timeout,
                existing, adopt, wait, restApi);
    }

    /**
     * https or oci anywhere; plain http only to this machine (a local mirror), since a chart fetched over plain http
     * from elsewhere could be swapped on the way. No credentials in the URL: config values are stored in clear.
     */
    private String chartRepository() {
        var value = raw(ConfigKey.CHART_REPOSITORY);
        java.net.URI uri;
        try {
            uri = new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        var scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme();
        var host = uri == null || uri.getHost() == null ? "" : uri.getHost();
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        boolean ok = !host.isEmpty() && uri.getUserInfo() == null && uri.getQuery() == null && uri.getFragment() == null
                && (scheme.equals("https") || scheme.equals("oci") || (scheme.equals("http") && loopback));
        if (!ok) {
            problem(ConfigKey.CHART_REPOSITORY, value, "expected an https:// Helm repository URL, an oci:// reference, or an http:// URL on"
                    + " localhost/127.0.0.1 (a local mirror), with no credentials in it, e.g. https://zilliztech.github.io/milvus-helm/");
        }
        if (scheme.equals("oci") && value.endsWith("/")) {
            problem(ConfigKey.CHART_REPOSITORY, value, "an oci:// reference has no trailing '/' (the chart is <reference>/milvus)");
        }
        return value;
    }

    private Map<String, Object> helmValues() {
        var raw = optional(ConfigKey.HELM_VALUES);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return Map.of();
        }
        try {
            Object parsed = JSON.fromJson(raw.get(), Object.class);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                var values = (Map<String, Object>) map;
                return Collections.unmodifiableMap(new LinkedHashMap<>(values));
            }
            problem(ConfigKey.HELM_VALUES, raw.get(), HELM_VALUES_EXPECTED);
        } catch (JsonParseException e) {
            problem(ConfigKey.HELM_VALUES, raw.get(), HELM_VALUES_EXPECTED + positionOf(e.getMessage()));
        }
        return Map.of();
    }

    private static final String HELM_VALUES_EXPECTED = "expected a map of chart values, e.g. {\"proxy\":{\"replicas\":2}}"
            + " (in a stack file: a YAML mapping under helmValues; on the command line: pulumi config set --path"
            + " 'helmValues.proxy.replicas' 2)";
    private static final Pattern JSON_POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    /** Where the JSON parser stopped, without its internals (exception class, parser flags). */
    private static String positionOf(String parserMessage) {
        var matcher = JSON_POSITION.matcher(parserMessage == null ? "" : parserMessage);
        return matcher.find() ? "; the text is not a JSON object (stopped at line " + matcher.group(1) + ", column " + matcher.group(2) + ")"
                : "; the text is not a JSON object";
    }

    private ClusterAccess clusterAccess() {
        var kubeconfig = optional(ConfigKey.KUBECONFIG);
        var clusterStack = optional(ConfigKey.CLUSTER_STACK);
        if (kubeconfig.isPresent() && clusterStack.isPresent()) {
            problems.add(qualified(ConfigKey.KUBECONFIG) + " and " + qualified(ConfigKey.CLUSTER_STACK)
                    + " are both set: choose one way to reach the cluster");
        }
        if (kubeconfig.isPresent() && source.inClearText(ConfigKey.KUBECONFIG.key())) {
            // Pulumi.yaml cannot declare it `secret: true` (Pulumi would then require it), so this is where a kubeconfig
            // stored in clear is refused; its value is never repeated.
            var stack = source.stackName();
            problems.add(qualified(ConfigKey.KUBECONFIG) + " is stored in clear text in Pulumi." + stack + ".yaml, but it grants access"
                    + " to the cluster: store it as a secret: pulumi config rm kubeconfig -s " + stack
                    + " && pulumi config set --secret kubeconfig < kubeconfig.yaml -s " + stack);
        }
        if (kubeconfig.isPresent()) {
            // Wrapped at once: the kubeconfig is a secret from here on, and never appears in a message.
            return new ClusterAccess.Kubeconfig(Output.ofSecret(kubeconfig.get()));
        }
        if (clusterStack.isPresent()) {
            matches(ConfigKey.CLUSTER_STACK, clusterStack.get(), STACK_REF, "a stack name such as prod or acme/gke-cluster/prod");
            var output = raw(ConfigKey.CLUSTER_STACK_OUTPUT);
            if (output.isBlank()) {
                problem(ConfigKey.CLUSTER_STACK_OUTPUT, output, "the name of the output holding the kubeconfig");
            }
            return new ClusterAccess.StackOutput(clusterStack.get(), output);
        }
        return new ClusterAccess.Ambient();
    }

    // --- primitives ---------------------------------------------------------------------------------------

    private Optional<String> optional(ConfigKey key) {
        return source.get(key.key()).filter(v -> !v.isEmpty());
    }

    /** The value, or the declared default (Pulumi.yaml declares the same defaults). */
    private String raw(ConfigKey key) {
        return optional(key).or(key::defaultValue).orElse("");
    }

    private String enumValue(ConfigKey key, Set<String> allowed) {
        var value = raw(key);
        if (!allowed.contains(value)) {
            problem(key, value, "allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            return key.defaultValue().orElse("");
        }
        return value;
    }

    private int integer(ConfigKey key, int min, int max) {
        var value = raw(key);
        if (INTEGER.matcher(value).matches()) {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        problem(key, value, "expected a whole number from " + min + " to " + max);
        return 0;
    }

    private boolean bool(ConfigKey key) {
        var value = raw(key);
        if (!value.equals("true") && !value.equals("false")) {
            problem(key, value, "expected true or false");
            return false;
        }
        return Boolean.parseBoolean(value);
    }

    private boolean matches(ConfigKey key, String value, Pattern pattern, String allowed) {
        if (pattern.matcher(value).matches()) {
            return true;
        }
        problem(key, value, "expected " + allowed);
        return false;
    }

    private void problem(ConfigKey key, String value, String allowed) {
        if (ConfigSource.UNDECRYPTED_SECRET.equals(value)) {
            problems.add(qualified(key) + " is a secret (secure: in the stack file) that plan cannot decrypt, and the stack needs"
                    + " its value: check it with pulumi preview -s " + source.stackName() + ", which decrypts it; or, if it need"
                    + " not be secret, store it in clear (pulumi config set " + key.key() + " <value> -s " + source.stackName() + ")");
            return;
        }
        problems.add(qualified(key) + " = " + JSON.toJson(value) + " is invalid: " + allowed);
    }

    private String qualified(ConfigKey key) {
        return source.namespace() + ":" + key.key();
    }
}
