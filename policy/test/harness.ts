// Calls policies the way the CrossGuard analyzer does, collecting violations instead of reporting them.
import type {
    PolicyConfigSchema, PolicyProviderResource, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy,
    StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";

export interface Violation { policy: string; message: string; urn?: string }

export const TEST_PROJECT = "milvus-gke-l7";
/** The type of the engine's root resource of every stack. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
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

/** Per policy: how many validations reported nothing and how many reported something (see fixtureCoverage). */
export const outcomes = new Map<string, { passed: number; failed: number }>();

function record(policy: string, violations: Violation[]): Violation[] {
    const o = outcomes.get(policy) ?? { passed: 0, failed: 0 };
    if (violations.length === 0) {
        o.passed++;
    } else {
        o.failed++;
    }
    outcomes.set(policy, o);
    return violations;
}

/**
 * Runs every validation of a resource policy the way the analyzer does (`await Promise.resolve(validate(...))`), so a
 * policy that reports after an `await` is seen, and one that throws or rejects fails the test.
 */
export async function validateResource(policy: ResourceValidationPolicy, r: PolicyResource, config: Record<string, any> = {}): Promise<Violation[]> {
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
        await Promise.resolve(validate(args, (message: string) => violations.push({ policy: policy.name, message, urn: r.urn })));
    }
    // A copy: a validation that is not awaited cannot add to the result after it was returned.
    return record(policy.name, [...violations]);
}

export async function validateStack(policy: StackValidationPolicy, resources: PolicyResource[], config: Record<string, any> = {}): Promise<Violation[]> {
    const violations: Violation[] = [];
    const args: StackValidationArgs = {
        resources, stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => effectiveConfig(policy.configSchema, config) as T,
        notApplicable,
    };
    await Promise.resolve(policy.validateStack(args, (message: string, urn?: string) => violations.push({ policy: policy.name, message, urn })));
    return record(policy.name, [...violations]);
}

/** Runs any policy of the pack: a resource policy over every resource, a stack policy over the stack. */
export async function validate(policy: ResourceValidationPolicy | StackValidationPolicy, resources: PolicyResource[],
                               config: Record<string, any> = {}): Promise<Violation[]> {
    if ("validateStack" in policy) {
        return validateStack(policy, resources, config);
    }
    const all: Violation[] = [];
    for (const r of resources) {
        all.push(...await validateResource(policy, r, config));
    }
    return all;
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
    /** Paths of the inputs that are secrets (shown as "[secret]"). */
    secretPaths: string[];
}

export interface Plan { project: string; stack: string; resources: PlanResource[]; outputs: Record<string, any> }

/** Where the project's build writes the plans: $PLAN_DIR, else ../target/plan seen from policy/. */
export function planDir(env: NodeJS.ProcessEnv = process.env): string {
    const fromEnv = env.PLAN_DIR;
    return fromEnv !== undefined && fromEnv !== ""
        ? path.resolve(fromEnv)
        : path.resolve(__dirname, "..", "..", "..", "target", "plan"); // dist/test -> policy -> project root
}

/**
 * Whether the plan tests run. With PLAN_DIR set (as `mvn verify` sets it) they always run, so a missing plan fails
 * them. Without it they read ../target/plan, and are skipped, saying why, only when that directory does not exist
 * (a fresh clone where nobody has built the plans yet).
 */
export function planSkipReason(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = fs.existsSync): string | undefined {
    if (env.PLAN_DIR !== undefined && env.PLAN_DIR !== "") {
        return undefined;
    }
    const dir = planDir(env);
    return exists(dir) ? undefined
        : `no offline plans at ${dir}: build them with \`mvn -B package -DskipTests\` in the project root, or set PLAN_DIR`;
}

/** The stacks whose plans every test run checks; the build writes them from Pulumi.dev.yaml and Pulumi.prod.yaml. */
export const REQUIRED_STACKS = ["dev", "prod"] as const;

/**
 * The stacks to test: dev and prod (a missing one fails), then every other `<stack>/plan.json` in the plan directory
 * (e.g. `rest`, written from test/stacks/Pulumi.rest.yaml), in name order.
 */
export function planStacks(dir: string = planDir(), exists: (p: string) => boolean = fs.existsSync,
                           list: (p: string) => string[] = (p) => fs.readdirSync(p)): string[] {
    const extra = exists(dir)
        ? list(dir).filter((name) => !(REQUIRED_STACKS as readonly string[]).includes(name) && exists(path.join(dir, name, "plan.json"))).sort()
        : [];
    return [...REQUIRED_STACKS, ...extra];
}

export function planFile(stack: string): string {
    return path.join(planDir(), stack, "plan.json");
}

/**
 * What the offline plan writes after a value only a cloud knows (an address, the certificate checksum): the program was
 * given the value before it, a stand-in of the right shape (e.g. the documentation address 203.0.113.10).
 */
export const PLACEHOLDER_LABEL = " [placeholder]";

/**
 * The tree with each labelled placeholder read as the stand-in the program was given, which has the shape of the value a
 * cloud gives on up: the policies check the plan as they check a deployment, and the label stays a note for reviewers.
 */
export function withoutPlaceholderLabels<T>(value: T): T {
    if (typeof value === "string" && value.endsWith(PLACEHOLDER_LABEL)) {
        return value.substring(0, value.length - PLACEHOLDER_LABEL.length) as T;
    }
    if (Array.isArray(value)) {
        return value.map(withoutPlaceholderLabels) as T;
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutPlaceholderLabels(v)])) as T;
    }
    return value;
}

/**
 * Reads a stack's offline plan (`java -jar target/milvus-gke-l7.jar plan`), placeholders read as their stand-ins
 * ({@link withoutPlaceholderLabels}); a missing plan is an error, never a skip.
 */
export function readPlan(stack: string): Plan {
    const file = planFile(stack);
    if (!fs.existsSync(file)) {
        throw new Error(`${file} is missing: build the plans first (run \`mvn -B package\` in the project root, which writes ` +
            `target/plan/{dev,prod}/plan.json), or point PLAN_DIR at a directory holding {dev,prod}/plan.json.`);
    }
    const plan = withoutPlaceholderLabels(JSON.parse(fs.readFileSync(file, "utf8"))) as Plan;
    plan.outputs = plan.outputs ?? {};
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

    // The engine's root resource: its outputs are the stack's outputs (what analyzeStack shows a stack policy), and it
    // parents every resource registered without a parent.
    const root: PolicyResource = {
        type: ROOT_STACK_TYPE,
        name: `${plan.project}-${plan.stack}`,
        props: plan.outputs ?? {},
        urn: urnOf(plan.stack, plan.project, ROOT_STACK_TYPE, `${plan.project}-${plan.stack}`),
        opts: options(false),
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    };
    const adapted = new Map<string, PolicyResource>();
    for (const r of plan.resources) {
        adapted.set(r.name, {
            type: r.type,
            name: r.name,
            props: r.inputs ?? {},
            urn: urn(r),
            opts: options(r.protect === true, r.parent ? urn(lookup(r.parent, "parent", r.name)) : root.urn),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        });
    }
    for (const r of plan.resources) {
        const policyResource = adapted.get(r.name)!;
        policyResource.parent = r.parent ? adapted.get(r.parent) : root;
        policyResource.dependencies = (r.dependsOn ?? []).map((d) => adapted.get(lookup(d, "dependency", r.name).name)!);
        if (r.provider) {
            const provider = lookup(r.provider, "provider", r.name);
            const providerResource: PolicyProviderResource = { type: provider.type, name: provider.name, urn: urn(provider), props: provider.inputs ?? {} };
            policyResource.provider = providerResource;
        }
    }
    return [root, ...adapted.values()];
}

export function planResources(stack: string): PolicyResource[] {
    return planToPolicyResources(readPlan(stack));
}

// ---- pack config ----------------------------------------------------------------------------------------------

/** A `--policy-pack-config` file: policy name (or "all") to an enforcement level, or to {enforcementLevel?, ...properties}. */
export type PackConfig = Record<string, string | Record<string, any>>;

export function readPackConfig(file: string): PackConfig {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PackConfig;
}

/** A policy's enforcement level and properties under a pack config, as the engine resolves them. */
export function policySettings(pack: PackConfig, policy: { name: string; enforcementLevel?: string }): { level: string; properties: Record<string, any> } {
    const entry = pack[policy.name];
    const all = pack.all;
    const allLevel = typeof all === "string" ? all : all?.enforcementLevel;
    if (typeof entry === "string") {
        return { level: entry, properties: {} };
    }
    const { enforcementLevel, ...properties } = entry ?? {};
    return { level: enforcementLevel ?? policy.enforcementLevel ?? allLevel ?? "advisory", properties };
}
