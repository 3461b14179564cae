// The policies, importable without constructing a PolicyPack (whose constructor starts a server): one module per
// family of policies, assembled here in the order the pack reports them. Each check is a pure function from properties
// (or a stack's resources) to violation messages; every message says what is wrong and how to fix it.
//
// A new family goes in a module of its own (e.g. security.ts): export its policies there, import them below and add
// them to resourcePolicies or stackPolicies, and re-export the module for the tests.
import type { CheckedResourcePolicy, CheckedStackPolicy } from "./framework";
import { milvusTls, milvusTlsFiles, restPort, serviceClusterIp } from "./milvus-release";
import { backendConfigPorts, backendHealthCheck, backendServices, serviceAnnotations } from "./gke-backend";
import { grpcRouting, ingressHttpsOnly } from "./ingress";
import { certMinValidity, certValidity, certificateNamesPolicy, keyStrength, privateKeyPlacement, stackOutputsPolicy } from "./certificates";
import { frontendSslPolicy, sslPolicyTls } from "./load-balancer-tls";
import { dnsRecords, stackConsistency } from "./consistency";
import { securityPolicies } from "./security";

export * from "./framework";
export * from "./deployments";
export * from "./milvus-release";
export * from "./gke-backend";
export * from "./ingress";
export * from "./certificates";
export * from "./load-balancer-tls";
export * from "./consistency";

export const resourcePolicies: CheckedResourcePolicy[] = [
    serviceClusterIp, milvusTls, milvusTlsFiles, serviceAnnotations, backendConfigPorts, backendHealthCheck, ingressHttpsOnly,
    keyStrength, certValidity, certMinValidity, privateKeyPlacement, sslPolicyTls, restPort,
];
export const stackPolicies: CheckedStackPolicy[] = [
    stackConsistency, grpcRouting, certificateNamesPolicy, stackOutputsPolicy, frontendSslPolicy, dnsRecords, backendServices,
    // security.ts: who may use the public endpoint.
    ...securityPolicies,
];
export const allPolicies = [...resourcePolicies, ...stackPolicies];
