// The offline plans of the real stacks (Pulumi.dev.yaml, Pulumi.prod.yaml) pass every policy with no finding.
// The plans come from the project's build ($PLAN_DIR, default ../target/plan); a missing plan fails these tests.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { Plan, planFile, planToPolicyResources, readPlan, validateResource, validateStack } from "./harness";
import { TYPES } from "../src/milvus";
import { certValidity, resourcePolicies, stackConsistency } from "../src/policies";

const STACKS = ["dev", "prod"];
const plans = new Map<string, Plan>();
function plan(stack: string): Plan {
    if (!plans.has(stack)) {
        plans.set(stack, readPlan(stack)); // throws "… is missing: build the plans first …"
    }
    return plans.get(stack)!;
}
const resources = (stack: string) => planToPolicyResources(plan(stack));
const clone = (p: Plan): Plan => JSON.parse(JSON.stringify(p));

for (const stack of STACKS) {
    test(`${stack} plan: ${planFile(stack)} is read and adapted to CrossGuard resources`, () => {
        const p = plan(stack);
        assert.equal(p.stack, stack);
        const rs = resources(stack);
        assert.equal(rs.length, p.resources.length);
        const ingress = rs.find((r) => r.type === TYPES.ingress);
        assert.ok(ingress, `${stack}: the plan has no Ingress`);
        assert.match(ingress.urn, new RegExp(`^urn:pulumi:${stack}::${p.project}::[^:]+:[^:]+:[^$]+\\$.*\\$kubernetes:networking\\.k8s\\.io/v1:Ingress::`));
        assert.equal(ingress.opts.parent, ingress.parent?.urn, "opts.parent is the parent's URN");
        assert.ok(ingress.dependencies.length > 0, "dependsOn becomes dependencies");
        assert.equal(ingress.provider?.type, "pulumi:providers:kubernetes");
        const address = rs.find((r) => r.type === TYPES.globalAddress);
        assert.equal(address?.opts.protect, true, "protect becomes opts.protect");
    });

    for (const policy of resourcePolicies) {
        test(`${stack} plan: ${policy.name} reports nothing`, () => {
            const rs = resources(stack);
            assert.ok(rs.some((r) => r.type === policy.type), `${stack}: no ${policy.type} in the plan, so ${policy.name} checked nothing`);
            assert.deepEqual(rs.flatMap((r) => validateResource(policy, r)), []);
        });
    }

    test(`${stack} plan: ${stackConsistency.name} reports nothing`, () => {
        assert.deepEqual(validateStack(stackConsistency, resources(stack)), []);
    });

    test(`${stack} plan: the policies see what the plan says (an unprotected IP and a 10-year certificate are caught)`, () => {
        const changed = clone(plan(stack));
        for (const r of changed.resources) {
            if (r.type === TYPES.globalAddress) {
                r.protect = false;
            }
            if (r.type === TYPES.selfSignedCert) {
                r.inputs.validityPeriodHours = 87600;
            }
        }
        const rs: PolicyResource[] = planToPolicyResources(changed);
        const stackFindings = validateStack(stackConsistency, rs);
        assert.equal(stackFindings.length, 1, JSON.stringify(stackFindings));
        assert.match(stackFindings[0].message, /GlobalAddress "milvus-\w+-ip" is not protected/);
        assert.equal(stackFindings[0].urn, rs.find((r) => r.type === TYPES.globalAddress)?.urn);
        const certFindings = rs.flatMap((r) => validateResource(certValidity, r));
        assert.equal(certFindings.length, 1);
        assert.match(certFindings[0].message, /more than 397 days/);
    });
}

test("a missing plan fails with how to build it", () => {
    const saved = process.env.PLAN_DIR;
    process.env.PLAN_DIR = "/nonexistent/plan-dir";
    try {
        assert.throws(() => readPlan("dev"), /\/nonexistent\/plan-dir\/dev\/plan\.json is missing: build the plans first \(run `mvn -B package`/);
    } finally {
        if (saved === undefined) {
            delete process.env.PLAN_DIR;
        } else {
            process.env.PLAN_DIR = saved;
        }
    }
});
