package com.milvusgke.verify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One real call to Milvus through the load balancer. Behind an interface so tests can run without Milvus. */
public interface MilvusProbe {

    /**
     * Where and how to connect.
     *
     * @param host           what to connect to: the domain, or an address when DNS does not point at the stack yet
     * @param port           the load balancer's port
     * @param serverName     TLS server name (SNI, certificate check, gRPC authority): always the domain
     * @param trustedPem     the certificate to trust (self-managed mode); empty: the JVM's default trust store
     * @param timeout        deadline of each call (connect, then each RPC)
     * @param credentials    what to authenticate with, if anything
     */
    record Target(String host, int port, String serverName, Optional<String> trustedPem, Duration timeout,
                  Optional<ClientCredentials> credentials) {
        public Target(String host, int port, String serverName, Optional<String> trustedPem, Duration timeout) {
            this(host, port, serverName, trustedPem, timeout, Optional.empty());
        }

        public String uri() {
            var literal = host.contains(":") ? "[" + host + "]" : host;
            return "https://" + literal + ":" + port;
        }

        /** The connection goes to an address rather than to the domain itself. */
        public boolean viaAddress() {
            return !host.equalsIgnoreCase(serverName);
        }
    }

    /** What the server said: its version and its own health check. */
    record Status(String serverVersion, boolean healthy, List<String> reasons) {
    }

    /** Connects, asks for the version and health, disconnects. Any exception means Milvus is not usable. */
    Status check(Target target) throws Exception;
}
