package com.milvusgke.stack;

import com.milvusgke.config.ConfigSource;
import com.milvusgke.config.StackConfigParser;
import com.milvusgke.gke.LoadBalancerTlsPolicy;
import com.milvusgke.milvus.UserValuesCheck;
import com.milvusgke.plan.PlaceholderMocks;
import com.milvusgke.plan.StackEvaluation;
import com.pulumi.resources.StackReference;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stack as a component: names another stack owns come in as outputs, not as config strings. */
class MilvusL7StackArgsTest {
    static final String NETWORK_OUTPUT = PlaceholderMocks.OTHER_STACK_OUTPUT;

    @Test
    void namesOwnedByAnotherStackFlowFromItsOutputs() {
        var config = Map.of("milvus-gke-l7:domain", "milvus.example.com");
        var e = StackEvaluation.run("milvus-gke-l7", "dev", config, Set.of(),
                PlaceholderMocks.withPlainStackOutputs(List.of("staticIpName", "sslPolicyName", "cloudArmorPolicy")),
                (ctx, keys, secretKeys) -> {
                    var parsed = StackConfigParser.parse(ConfigSource.of(ctx.config(), ctx.stackName(), keys), UserValuesCheck::all);
                    var defaults = MilvusL7Stack.Args.from(parsed, "organization/milvus-gke-l7/dev", check -> com.milvusgke.k8s.ClusterCheck.OFFLINE);
                    var network = new StackReference("acme/network/prod");
                    var args = new MilvusL7Stack.Args(defaults.domain(), defaults.certificateMode(),
                            network.requireOutput("staticIpName").applyValue(String::valueOf), false,
                            new LoadBalancerTlsPolicy.Args.Existing(network.requireOutput("sslPolicyName").applyValue(String::valueOf)),
                            Optional.empty(), defaults.key(), defaults.certValidityHours(), defaults.certEarlyRenewalHours(),
                            defaults.milvus(), defaults.backendTimeoutSec(), defaults.drainingTimeoutSec(),
                            Optional.of(network.requireOutput("cloudArmorPolicy").applyValue(String::valueOf)),
                            defaults.httpsRedirect(), defaults.ingressTimeoutSeconds(), defaults.clusterAccess(),
                            defaults.adoptExistingObjects(), defaults.security(), defaults.stackIdentity(),
                            defaults.clusterCheck());
                    new MilvusL7Stack("milvus-l7", args, null).outputs().exportTo(ctx);
                });
        assertTrue(e.succeeded(), e.errors() + " " + e.exceptions());
        assertTrue(e.resources().stream().noneMatch(r -> r.type().startsWith("gcp:")), "nothing of GCP is declared here");
        var ingress = e.single(MilvusL7StackTest.INGRESS);
        assertEquals(NETWORK_OUTPUT, ingress.input("metadata", "annotations", "kubernetes.io/ingress.global-static-ip-name"));
        var frontendConfig = e.single(MilvusL7StackTest.FRONTEND_CONFIG);
        assertEquals(NETWORK_OUTPUT, frontendConfig.input("spec", "sslPolicy"));
        var backendConfig = e.single(MilvusL7StackTest.BACKEND_CONFIG);
        assertEquals(NETWORK_OUTPUT, backendConfig.input("spec", "securityPolicy", "name"));
    }
}
