// Calls policies the way the CrossGuard analyzer does, collecting violations instead of reporting them.
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";

export interface Violation { policy: string; message: string; urn?: string }

export function resource(type: string, name: string, props: Record<string, any>, protect = false): PolicyResource {
    return {
        type,
        name,
        props,
        urn: `urn:pulumi:test::milvus-gke-l7::${type}::${name}`,
        opts: { protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    };
}

export function validateResource(policy: ResourceValidationPolicy, r: PolicyResource, config: Record<string, any> = {}): Violation[] {
    const violations: Violation[] = [];
    const args = {
        type: r.type, props: r.props, urn: r.urn, name: r.name, opts: r.opts, stackTags: new Map<string, string>(),
        isType: () => false, asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => { throw new Error(`not applicable: ${reason}`); },
    } as ResourceValidationArgs;
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    for (const validate of validations) {
        validate(args, (message: string, urn?: string) => violations.push({ policy: policy.name, message, urn }));
    }
    return violations;
}

export function validateStack(policy: StackValidationPolicy, resources: PolicyResource[], config: Record<string, any> = {}): Violation[] {
    const violations: Violation[] = [];
    policy.validateStack({
        resources, stackTags: new Map<string, string>(), getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => { throw new Error(`not applicable: ${reason}`); },
    }, (message: string, urn?: string) => violations.push({ policy: policy.name, message, urn }));
    return violations;
}

/** A stack's offline plan (java -jar target/milvus-gke-l7.jar plan) as CrossGuard would see its resources. */
export function planResources(stack: string): PolicyResource[] {
    const dir = process.env.PLAN_DIR ?? path.join(__dirname, "..", "..", "..", "target", "plan");
    const file = path.join(dir, stack, "plan.json");
    if (!fs.existsSync(file)) {
        throw new Error(`${file} is missing: build the plans first (mvn -B package in the project root writes target/plan/{dev,prod}), or set PLAN_DIR`);
    }
    const plan = JSON.parse(fs.readFileSync(file, "utf8"));
    return plan.resources.map((r: any) => resource(r.type, r.name, r.inputs, r.protect));
}
