package com.milvusgke.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack's outputs: a contract other stacks read through StackReference. Names and types here are
 * pinned by a test; renaming one is a breaking change for every consumer. The private key is never here; root's
 * password is, as a secret, for clients.
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
 * @param dnsName           the A record this stack manages ({@code <domain>.}); empty when DNS is managed elsewhere
 * @param restEndpoint      {@code https://<domain>/v2/vectordb} with {@code restApi}; empty otherwise
 * @param milvusAuthentication whether Milvus asks clients who they are ({@code common.security.authorizationEnabled})
 * @param milvusUser        the user clients authenticate as ({@code root}); empty without authentication
 * @param milvusPassword    its password, a secret ({@code pulumi stack output --show-secrets}); empty without authentication
 */
public record StackOutputs(
        Output<String> ingressAddress,
        Output<String> staticIpAddress,
        Output<String> staticIpName,
        String domain,
        String endpoint,
        int port,
        String certificateMode,
        String tlsSecretName,
        Output<String> certificatePem,
        String milvusServiceName,
        String namespace,
        String releaseName,
        String dnsName,
        String restEndpoint,
        boolean milvusAuthentication,
        String milvusUser,
        Output<String> milvusPassword
) {
    /**
     * Output name to Java type: what a consumer can rely on. The record's components are the one definition of the
     * names and their order; a component {@code Output<T>} exports a T, and {@code int} an Integer.
     */
    public static final Map<String, Class<?>> CONTRACT = contract();

    private static Map<String, Class<?>> contract() {
        var contract = new LinkedHashMap<String, Class<?>>();
        for (RecordComponent component : StackOutputs.class.getRecordComponents()) {
            contract.put(component.getName(), exportedType(component));
        }
        return Collections.unmodifiableMap(contract);
    }

    private static Class<?> exportedType(RecordComponent component) {
        if (component.getType() == Output.class) {
            var argument = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            return (Class<?>) argument;
        }
        return component.getType() == int.class ? Integer.class : component.getType() == boolean.class ? Boolean.class : component.getType();
    }

    /** Every output, in contract order. */
    public Map<String, Output<?>> asMap() {
        var map = new LinkedHashMap<String, Output<?>>();
        for (RecordComponent component : StackOutputs.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("record accessor " + component.getName(), e);
            }
            map.put(component.getName(), value instanceof Output<?> output ? output : Output.of(value));
        }
        return map;
    }

    public void exportTo(Context ctx) {
        asMap().forEach(ctx::export);
    }
}
