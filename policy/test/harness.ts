// Calls policies the way the CrossGuard analyzer does, collecting violations instead of reporting them.
import type {
    PolicyConfigSchema, PolicyProviderResource, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy,
    StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";

export interface Violation { policy: string; message: string; urn?: string }

export const TEST_PROJECT = "milvus-gke-l7";
export const TEST_STACK = "test";

/** A URN as the engine builds it: the parents' types joined by "$" (the root stack's excluded), then the name. */
export function urnOf(stack: string, project: string, qualifiedType: string, name: string): string {
    return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

export function resource(type: string, name: string, props: Record<string, any>, protect = false): PolicyResource {
    return {
        type,
        name,
        props,
        urn: urnOf(TEST_STACK, TEST_PROJECT, type, name),
        opts: options(protect),
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    };
}

function options(protect: boolean, parent?: string): PolicyResource["opts"] {
    return {
        protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(parent === undefined ? {} : { parent }),
    };
}

/** What the engine hands getConfig(): the pack config for this policy over the defaults of its configSchema. */
export function effectiveConfig(schema: PolicyConfigSchema | undefined, config: Record<string, any>): Record<string, any> {
    const defaults: Record<string, any> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        if (property.default !== undefined) {
            defaults[key] = property.default;
        }
    }
    return { ...defaults, ...config };
}

function notApplicable(reason?: string): never {
    throw new Error(`policy marked itself not applicable: ${reason ?? ""}`);
}

export function validateResource(policy: ResourceValidationPolicy, r: PolicyResource, config: Record<string, any> = {}): Violation[] {
    const violations: Violation[] = [];
    const args: ResourceValidationArgs = {
        type: r.type, props: r.props, urn: r.urn, name: r.name, opts: r.opts, provider: r.provider,
        stackTags: new Map<string, string>(),
        isType: () => false, asType: () => undefined,
        getConfig: <T extends object>() => effectiveConfig(policy.configSchema, config) as T,
        notApplicable,
    };
    const validations = policy.validateResource === undefined ? [] :
        Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const validate of validations) {
        // A resource policy's violations are always the validated resource's (CrossGuard ignores the urn argument).
        void validate(args, (message: string) => violations.push({ policy: policy.name, message, urn: r.urn }));
    }
    return violations;
}

export function validateStack(policy: StackValidationPolicy, resources: PolicyResource[], config: Record<string, any> = {}): Violation[] {
    const violations: Violation[] = [];
    const args: StackValidationArgs = {
        resources, stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => effectiveConfig(policy.configSchema, config) as T,
        notApplicable,
    };
    void policy.validateStack(args, (message: string, urn?: string) => violations.push({ policy: policy.name, message, urn }));
    return violations;
}

// ---- offline plans -----------------------------------------------------------------------------------------

export interface PlanResource {
    type: string;
    name: string;
    parent: string | null;
    dependsOn: string[];
    custom: boolean;
    protect: boolean;
    provider: string | null;
    inputs: Record<string, any>;
}

export interface Plan { project: string; stack: string; resources: PlanResource[]; outputs: Record<string, any> }

/** Where the project's build writes the plans: $PLAN_DIR, else ../target/plan seen from policy/. */
export function planDir(): string {
    const fromEnv = process.env.PLAN_DIR;
    return fromEnv !== undefined && fromEnv !== ""
        ? path.resolve(fromEnv)
        : path.resolve(__dirname, "..", "..", "..", "target", "plan"); // dist/test -> policy -> project root
}

export function planFile(stack: string): string {
    return path.join(planDir(), stack, "plan.json");
}

/** Reads a stack's offline plan (`java -jar target/milvus-gke-l7.jar plan`); a missing plan is an error, never a skip. */
export function readPlan(stack: string): Plan {
    const file = planFile(stack);
    if (!fs.existsSync(file)) {
        throw new Error(`${file} is missing: build the plans first (run \`mvn -B package\` in the project root, which writes ` +
            `target/plan/{dev,prod}/plan.json), or point PLAN_DIR at a directory holding {dev,prod}/plan.json.`);
    }
    const plan = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
    if (typeof plan.project !== "string" || typeof plan.stack !== "string" || !Array.isArray(plan.resources)) {
        throw new Error(`${file} is not a plan (expected project, stack and resources): rebuild the plans with \`mvn -B package\`.`);
    }
    return plan;
}

/**
 * A plan's resources as CrossGuard's PolicyResource: props are the inputs the provider receives, opts.protect is the
 * resource's protect option, URNs are built like the engine's, and parent, provider and dependencies are linked.
 */
export function planToPolicyResources(plan: Plan): PolicyResource[] {
    const byName = new Map<string, PlanResource>();
    for (const r of plan.resources) {
        if (byName.has(r.name)) {
            throw new Error(`plan ${plan.stack}: two resources are named ${r.name}`);
        }
        byName.set(r.name, r);
    }
    const lookup = (name: string, what: string, of: string): PlanResource => {
        const found = byName.get(name);
        if (found === undefined) {
            throw new Error(`plan ${plan.stack}: ${of} names ${what} ${name}, which the plan does not hold`);
        }
        return found;
    };
    const qualifiedTypes = new Map<string, string>();
    const qualifiedType = (r: PlanResource, seen: string[] = []): string => {
        const known = qualifiedTypes.get(r.name);
        if (known !== undefined) {
            return known;
        }
        if (seen.includes(r.name)) {
            throw new Error(`plan ${plan.stack}: parent cycle through ${r.name}`);
        }
        const type = r.parent === null || r.parent === undefined
            ? r.type
            : `${qualifiedType(lookup(r.parent, "parent", r.name), [...seen, r.name])}$${r.type}`;
        qualifiedTypes.set(r.name, type);
        return type;
    };
    const urn = (r: PlanResource) => urnOf(plan.stack, plan.project, qualifiedType(r), r.name);

    const adapted = new Map<string, PolicyResource>();
    for (const r of plan.resources) {
        adapted.set(r.name, {
            type: r.type,
            name: r.name,
            props: r.inputs ?? {},
            urn: urn(r),
            opts: options(r.protect === true, r.parent ? urn(lookup(r.parent, "parent", r.name)) : undefined),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        });
    }
    for (const r of plan.resources) {
        const policyResource = adapted.get(r.name)!;
        if (r.parent) {
            policyResource.parent = adapted.get(r.parent);
        }
        policyResource.dependencies = (r.dependsOn ?? []).map((d) => adapted.get(lookup(d, "dependency", r.name).name)!);
        if (r.provider) {
            const provider = lookup(r.provider, "provider", r.name);
            const providerResource: PolicyProviderResource = { type: provider.type, name: provider.name, urn: urn(provider), props: provider.inputs ?? {} };
            policyResource.provider = providerResource;
        }
    }
    return [...adapted.values()];
}

export function planResources(stack: string): PolicyResource[] {
    return planToPolicyResources(readPlan(stack));
}
