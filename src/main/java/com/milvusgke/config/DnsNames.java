package com.milvusgke.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * DNS names, defined once: a label is 1 to 63 letters, digits and inner hyphens (RFC 1123), a name at most 253
 * characters. The config's {@code domain} must be a lowercase fully-qualified name (two labels or more, a letter
 * first in the last one, no trailing dot): what the certificate, the Ingress host and a ManagedCertificate accept.
 * {@code verify} takes any host name for {@code --address}.
 */
public final class DnsNames {
    private static final String LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final String TOP_LABEL = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*");
    private static final Pattern FQDN = Pattern.compile("(?=.{1,253}$)(" + LABEL + "\\.)+" + TOP_LABEL);

    private DnsNames() {
    }

    /** A lowercase fully-qualified domain name such as milvus.example.com. */
    public static boolean isLowercaseFqdn(String text) {
        return FQDN.matcher(text).matches();
    }

    /** A host name in any case, one label or more (localhost, Milvus.Example.COM). */
    public static boolean isHostname(String text) {
        return HOSTNAME.matcher(text.toLowerCase(Locale.ROOT)).matches();
    }
}
