// The offline plans of the real stacks (Pulumi.dev.yaml, Pulumi.prod.yaml) pass every policy with no finding.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { planResources, validateResource, validateStack } from "./harness";
import { resourcePolicies, stackConsistency } from "../src/policies";

for (const stack of ["dev", "prod"]) {
    test(`${stack} plan passes every policy`, () => {
        const resources = planResources(stack);
        assert.ok(resources.length > 10, `${stack}: plan has ${resources.length} resources`);
        const findings = [
            ...resources.flatMap((r) => resourcePolicies.flatMap((p) => validateResource(p, r))),
            ...validateStack(stackConsistency, resources),
        ];
        assert.deepEqual(findings, []);
        const checked = new Set(resources.map((r) => r.type));
        for (const type of resourcePolicies.map((p) => p.type)) {
            assert.ok(checked.has(type), `${stack}: no ${type} in the plan, so its policy checked nothing`);
        }
    });
}
