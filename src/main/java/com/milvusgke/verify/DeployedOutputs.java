package com.milvusgke.verify;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.milvusgke.config.CertificateMode;
import com.milvusgke.config.DnsNames;
import com.milvusgke.plan.Placeholders;
import com.milvusgke.plan.SecretValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stack outputs {@code verify} needs, read from {@code pulumi stack output --json}. Other outputs are ignored.
 *
 * @param domain          TLS server name (SNI and certificate name)
 * @param port            the load balancer's HTTPS port
 * @param staticIpAddress the reserved global address the domain must resolve to
 * @param certificateMode which certificate the load balancer presents
 * @param certificatePem  the certificate to trust in self-managed mode; empty in google-managed mode
 * @param restEndpoint    the REST API's base URL when the stack serves it (output {@code restEndpoint})
 * @param credentials     what Milvus asks clients for when its authentication is on ({@code milvusUser},
 *                        {@code milvusPassword}); empty when the outputs carry none
 */
public record DeployedOutputs(String domain, int port, String staticIpAddress, CertificateMode certificateMode,
                              String certificatePem, Optional<String> restEndpoint, Optional<ClientCredentials> credentials) {

    public DeployedOutputs(String domain, int port, String staticIpAddress, CertificateMode certificateMode,
                           String certificatePem, Optional<String> restEndpoint) {
        this(domain, port, staticIpAddress, certificateMode, certificatePem, restEndpoint, Optional.empty());
    }

    /** What {@code pulumi stack output --json} prints for a secret unless given {@code --show-secrets}. */
    static final String REDACTED = SecretValue.REDACTED;

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** The outputs are missing, unreadable or of the wrong type; the message says which and how. */
    public static final class InvalidOutputsException extends Exception {
        public InvalidOutputsException(String message) {
            super(message);
        }
    }

    public boolean selfManaged() {
        return certificateMode == CertificateMode.SELF_MANAGED;
    }

    private static final java.util.regex.Pattern JSON_POSITION = java.util.regex.Pattern.compile("line (\\d+) column (\\d+)");

    /** Parses the JSON object {@code pulumi stack output --json} prints; every problem is named in one message. */
    public static DeployedOutputs parse(String json) throws InvalidOutputsException {
        if (json == null || json.isBlank()) {
            throw new InvalidOutputsException("no stack outputs given (expected the JSON object of `pulumi stack output --json`)");
        }
        JsonObject object;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new InvalidOutputsException("stack outputs must be a JSON object (the output of `pulumi stack output --json`)");
            }
            object = root.getAsJsonObject();
        } catch (JsonParseException e) {
            // The parser's own words name its class and its lenient mode, which are no help: say where and what to give.
            var position = JSON_POSITION.matcher(e.getMessage() == null ? "" : e.getMessage());
            throw new InvalidOutputsException("stack outputs are not JSON" + (position.find() ? " (stopped at line " + position.group(1)
                    + ", column " + position.group(2) + ")" : "") + ": give what `pulumi stack output --json -s <stack>` prints"
                    + " (with --json: without it Pulumi prints a table)");
        }

        for (var key : List.of("staticIpAddress", "certificatePem")) {
            if (object.get(key) instanceof JsonPrimitive value && value.isString() && Placeholders.isPlaceholder(value.getAsString())) {
                throw new InvalidOutputsException("these are the placeholder outputs of `plan` (" + key + " is a documentation value),"
                        + " not a deployed stack's: after `pulumi up`, run `pulumi stack output --json -s <stack> | java -jar"
                        + " target/milvus-gke-l7.jar verify`");
            }
        }
        var missing = new ArrayList<String>();
        var problems = new ArrayList<String>();
        var domain = string(object, "domain", missing, problems);
        Integer port = port(object, missing, problems);
        var address = string(object, "staticIpAddress", missing, problems);
        var modeText = string(object, "certificateMode", missing, problems);

        if (domain != null && !DnsNames.isHostname(domain)) {
            problems.add("domain '" + domain + "' is not a DNS name");
        }
        if (address != null && !isIpLiteral(address)) {
            problems.add("staticIpAddress '" + address + "' is not an IP address");
        }
        CertificateMode mode = null;
        if (modeText != null) {
            mode = CertificateMode.fromConfig(modeText).orElse(null);
            if (mode == null) {
                problems.add("certificateMode '" + modeText + "' is neither self-managed nor google-managed");
            }
        }
        String pem = "";
        if (mode == CertificateMode.SELF_MANAGED) {
            pem = string(object, "certificatePem", missing, problems);
            if (pem != null && !pem.isEmpty() && !pem.equals(REDACTED) && !pem.contains("-----BEGIN CERTIFICATE-----")) {
                problems.add("certificatePem is not a PEM certificate");
            } else if (pem != null && pem.isEmpty()) {
                problems.add("certificatePem is empty, but certificateMode is self-managed");
            }
        }

        var credentials = credentials(object, problems);

        var messages = new ArrayList<String>();
        if (!missing.isEmpty()) {
            messages.add("missing " + (missing.size() == 1 ? "key" : "keys") + " " + String.join(", ", missing));
        }
        messages.addAll(problems);
        if (!messages.isEmpty()) {
            throw new InvalidOutputsException("stack outputs: " + String.join("; ", messages));
        }
        var rest = object.get("restEndpoint") instanceof JsonPrimitive p && p.isString() && !p.getAsString().isBlank()
                ? Optional.of(p.getAsString()) : Optional.<String>empty();
        return new DeployedOutputs(domain, port, address, mode, pem, rest, credentials);
    }

    /**
     * The credentials, when the outputs carry them. A stack with {@code milvusAuthentication} on whose password is
     * missing or redacted is a problem here, before anything is contacted: Milvus would refuse every call.
     */
    private static Optional<ClientCredentials> credentials(JsonObject object, List<String> problems) {
        var authentication = object.get("milvusAuthentication") instanceof JsonPrimitive p
                && (p.isBoolean() ? p.getAsBoolean() : "true".equals(p.getAsString()));
        var user = object.get("milvusUser") instanceof JsonPrimitive p && p.isString() ? p.getAsString() : "";
        var password = object.get("milvusPassword") instanceof JsonPrimitive p && p.isString() ? p.getAsString() : "";
        if (password.equals(REDACTED)) {
            problems.add("milvusPassword is redacted as [secret], and Milvus asks for credentials: run `pulumi stack output --json"
                    + " --show-secrets` (the password stays on this machine; verify never prints it)");
            return Optional.empty();
        }
        if (!user.isEmpty() && !password.isEmpty()) {
            return Optional.of(new ClientCredentials(user, password));
        }
        if (authentication) {
            problems.add("milvusAuthentication is true, so Milvus asks for credentials, but the outputs have no "
                    + (user.isEmpty() ? "milvusUser" : "") + (user.isEmpty() && password.isEmpty() ? " and no " : "")
                    + (password.isEmpty() ? "milvusPassword" : "") + ": give the stack's outputs with"
                    + " `pulumi stack output --json --show-secrets`");
        }
        return Optional.empty();
    }

    private static String string(JsonObject object, String key, List<String> missing, List<String> problems) {
        var value = object.get(key);
        if (value == null || value.isJsonNull()) {
            missing.add(key);
            return null;
        }
        if (!(value instanceof JsonPrimitive primitive) || !primitive.isString()) {
            problems.add(key + " must be a string");
            return null;
        }
        var text = primitive.getAsString();
        if (text.equals(REDACTED)) {
            problems.add(key + " is redacted as [secret]: run `pulumi stack output --json --show-secrets`");
            return null;
        }
        if (text.isBlank() && !key.equals("certificatePem")) {
            problems.add(key + " is empty");
            return null;
        }
        return key.equals("certificatePem") ? text : text.trim();
    }

    private static Integer port(JsonObject object, List<String> missing, List<String> problems) {
        var value = object.get("port");
        if (value == null || value.isJsonNull()) {
            missing.add("port");
            return null;
        }
        if (value instanceof JsonPrimitive primitive && primitive.isNumber()) {
            BigDecimal number = primitive.getAsBigDecimal();
            if (number.stripTrailingZeros().scale() <= 0 && number.compareTo(BigDecimal.ONE) >= 0
                    && number.compareTo(BigDecimal.valueOf(65535)) <= 0) {
                return number.intValueExact();
            }
        }
        problems.add("port must be a number from 1 to 65535, not " + value);
        return null;
    }

    /** A DNS name: dot-separated labels of letters, digits and inner hyphens. */
    static boolean isHostname(String text) {
        return DnsNames.isHostname(text);
    }

    /** An IPv4 dotted quad or an IPv6 literal; never a name, so checking it never queries DNS. */
    static boolean isIpLiteral(String text) {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(text); // a literal with ':' is parsed, never looked up
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
