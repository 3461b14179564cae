package com.milvusgke.config;

import java.util.List;

/**
 * What a preview, an {@code up} and {@code plan} say about a stack whose endpoint anyone may use: the load balancer's
 * address is public and its domain is too (DNS, and Certificate Transparency logs list every certificate's names), so
 * Milvus without authentication, no allow-list and no Cloud Armor policy lets anyone read, write and drop collections.
 */
public final class SecurityWarnings {
    private SecurityWarnings() {
    }

    /** One warning per problem, naming the key that fixes it; none for a stack that is closed by default. */
    public static List<String> of(StackConfig config) {
        var security = config.security();
        boolean restricted = security.allowList().isPresent() || config.backend().securityPolicy().isPresent();
        if (security.authentication() || restricted) {
            return List.of();
        }
        var fix = "set " + ConfigKey.MILVUS_AUTHENTICATION.key() + " true (pulumi config set " + ConfigKey.MILVUS_AUTHENTICATION.key()
                + " true -s " + config.stackName() + "), or restrict who may connect with " + ConfigKey.ALLOWED_SOURCE_RANGES.key()
                + " or " + ConfigKey.SECURITY_POLICY.key();
        if (!security.authenticationSet()) {
            return List.of("the endpoint https://" + config.domain() + " is public and Milvus authentication is off: the adopted"
                    + " release " + config.milvus().namespace() + "/" + config.milvus().releaseName() + " keeps it off so that its"
                    + " clients keep working; anyone who finds the domain can read, write and drop every collection. To turn"
                    + " it on in one deliberate up: " + fix + " with " + ConfigKey.MILVUS_ROOT_PASSWORD.key()
                    + " (see docs/security.md)");
        }
        return List.of("the endpoint https://" + config.domain() + " is public and Milvus authentication is off ("
                + ConfigKey.MILVUS_AUTHENTICATION.key() + " = false): anyone who finds the domain can read, write and drop every"
                + " collection; " + fix);
    }
}
