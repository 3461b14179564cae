package com.milvusgke.plan;

import com.pulumi.test.Mocks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the providers when the program runs offline: each resource's state is its inputs, plus
 * fixed documentation values for what only a cloud knows (IP addresses from 203.0.113.0/24, RFC 5737).
 * Fixed values keep plans byte-identical between runs. Every text invented here says {@value Placeholders#LABEL}
 * in itself, except the address, which must stay an address for the program and is labelled where it is written.
 */
public final class PlaceholderMocks implements Mocks {
    public static final String STATIC_IP = Placeholders.STATIC_IP;
    public static final String CERTIFICATE_PEM = Placeholders.CERTIFICATE_PEM;
    public static final String PRIVATE_KEY = Placeholders.invented("the tls provider generates the private key on pulumi up");
    public static final String OTHER_STACK_OUTPUT = Placeholders.invented("read from the referenced stack on pulumi up");

    private final List<String> stackReferenceOutputs;
    private final boolean stackReferenceOutputsSecret;

    /**
     * @param stackReferenceOutputs output names that stack references in this program will ask for; they read as
     *                              secrets (what another stack exports is unknown offline, so assume the worst)
     */
    public PlaceholderMocks(List<String> stackReferenceOutputs) {
        this(stackReferenceOutputs, true);
    }

    private PlaceholderMocks(List<String> stackReferenceOutputs, boolean secret) {
        this.stackReferenceOutputs = List.copyOf(stackReferenceOutputs);
        this.stackReferenceOutputsSecret = secret;
    }

    /** As the constructor, but the other stack exports those outputs in plain text (as a careless stack may). */
    public static PlaceholderMocks withPlainStackOutputs(List<String> stackReferenceOutputs) {
        return new PlaceholderMocks(stackReferenceOutputs, false);
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        var state = new LinkedHashMap<String, Object>(args.inputs == null ? Map.of() : args.inputs);
        var type = args.type == null ? "" : args.type;
        switch (type) {
            case "gcp:compute/globalAddress:GlobalAddress" -> {
                state.put("address", STATIC_IP);
                state.put("selfLink", Placeholders.invented("the self link of global address " + state.get("name")));
            }
            case "kubernetes:networking.k8s.io/v1:Ingress" ->
                    state.put("status", Map.of("loadBalancer", Map.of("ingress", List.of(Map.of("ip", STATIC_IP)))));
            case "tls:index/privateKey:PrivateKey" -> {
                state.put("privateKeyPem", PRIVATE_KEY);
                state.put("publicKeyPem", Placeholders.invented("the tls provider derives the public key on pulumi up"));
            }
            case "tls:index/selfSignedCert:SelfSignedCert" -> {
                state.put("certPem", CERTIFICATE_PEM);
                state.put("validityEndTime", Placeholders.invented("set on pulumi up"));
                // A boolean cannot carry the label; the program reads no output that holds it.
                state.put("readyForRenewal", false);
            }
            case "pulumi:pulumi:StackReference" -> {
                // Another stack's outputs are not readable offline: every requested output is a secret placeholder.
                var outputs = new LinkedHashMap<String, Object>();
                stackReferenceOutputs.forEach(name -> outputs.put(name, OTHER_STACK_OUTPUT));
                state.put("outputs", outputs);
                state.put("secretOutputNames", stackReferenceOutputsSecret ? stackReferenceOutputs : List.of());
            }
            default -> {
            }
        }
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(Placeholders.invented("the ID of " + args.name)), state));
    }
}
