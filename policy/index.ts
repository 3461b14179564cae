// The pack's entry point: assembles the policies (src/policies.ts) and nothing else. Constructing a
// PolicyPack starts the analyzer server, so tests import src/ and never this file.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./src/policies";

new PolicyPack("milvus-gke-l7", { policies: allPolicies });
