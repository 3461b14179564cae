package com.milvusgke.status;

/** The stages of a rollout, in the order they complete; {@code status} prints one line for each. */
public enum Stage {
    RELEASE("release", "Milvus release deployed and its serving pods Ready"),
    ADDRESS("address", "the Ingress has the static IP"),
    LOAD_BALANCER("load-balancer", "GKE made the load balancer"),
    BACKENDS("backends", "the load balancer's health check calls each backend HEALTHY"),
    CERTIFICATE("certificate", "the certificate the load balancer presents"),
    DNS("dns", "the domain resolves to the static IP"),
    OUTSIDE("outside", "what `verify` checks from a client's side");

    private final String label;
    private final String meaning;

    Stage(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }
}
