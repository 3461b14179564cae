package com.milvusgke.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack's outputs: a contract other stacks read through StackReference. Names and types here are
 * pinned by a test; renaming one is a breaking change for every consumer. The private key is never here.
 *
 * @param ingressAddress    IP address GKE reports on the Ingress
 * @param staticIpAddress   the reserved global IP; point DNS for the domain here
 * @param staticIpName      GCE name of that address
 * @param domain            server name clients must use (TLS SNI and certificate name)
 * @param endpoint          {@code <domain>:443}
 * @param port              443
 * @param certificateMode   {@code self-managed} or {@code google-managed}
 * @param tlsSecretName     Kubernetes Secret with the backend (and self-managed frontend) certificate
 * @param certificatePem    the self-signed certificate clients must trust in self-managed mode; empty in google-managed mode
 * @param milvusServiceName the chart's Service behind the load balancer
 * @param namespace         namespace of the release
 * @param releaseName       Helm release name
 */
public record StackOutputs(
        Output<String> ingressAddress,
        Output<String> staticIpAddress,
        String staticIpName,
        String domain,
        String endpoint,
        int port,
        String certificateMode,
        String tlsSecretName,
        Output<String> certificatePem,
        String milvusServiceName,
        String namespace,
        String releaseName
) {
    /** Output name to Java type: what a consumer can rely on. */
    public static final Map<String, Class<?>> CONTRACT = contract();

    private static Map<String, Class<?>> contract() {
        var contract = new LinkedHashMap<String, Class<?>>();
        contract.put("ingressAddress", String.class);
        contract.put("staticIpAddress", String.class);
        contract.put("staticIpName", String.class);
        contract.put("domain", String.class);
        contract.put("endpoint", String.class);
        contract.put("port", Integer.class);
        contract.put("certificateMode", String.class);
        contract.put("tlsSecretName", String.class);
        contract.put("certificatePem", String.class);
        contract.put("milvusServiceName", String.class);
        contract.put("namespace", String.class);
        contract.put("releaseName", String.class);
        return java.util.Collections.unmodifiableMap(contract);
    }

    /** Every output, in contract order. */
    public Map<String, Output<?>> asMap() {
        var map = new LinkedHashMap<String, Output<?>>();
        map.put("ingressAddress", ingressAddress);
        map.put("staticIpAddress", staticIpAddress);
        map.put("staticIpName", Output.of(staticIpName));
        map.put("domain", Output.of(domain));
        map.put("endpoint", Output.of(endpoint));
        map.put("port", Output.of(port));
        map.put("certificateMode", Output.of(certificateMode));
        map.put("tlsSecretName", Output.of(tlsSecretName));
        map.put("certificatePem", certificatePem);
        map.put("milvusServiceName", Output.of(milvusServiceName));
        map.put("namespace", Output.of(namespace));
        map.put("releaseName", Output.of(releaseName));
        return map;
    }

    public void exportTo(Context ctx) {
        asMap().forEach(ctx::export);
    }
}
