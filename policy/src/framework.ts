// The frame every policy shares: the check types, and the CrossGuard wrappers that pick the resource type (or
// take the stack) and report each message of a check. A check may be async: the wrappers await it.
import type { EnforcementLevel, PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

export type Props = Record<string, any>;
export type Config = Record<string, any>;
export type Check = (props: Props, config: Config, type: string) => string[] | Promise<string[]>;

export interface PolicyOptions {
    enforcementLevel?: EnforcementLevel;
    severity?: "low" | "medium" | "high" | "critical";
    configSchema?: PolicyConfigSchema;
}

export type CheckedResourcePolicy = ResourceValidationPolicy & { check: Check; type?: string };

/** A resource policy for one type (or every type when `type` is undefined) that reports each message of `check`. */
export function resourcePolicy(name: string, description: string, type: string | undefined, check: Check,
                        options: PolicyOptions = {}): CheckedResourcePolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        ...options,
        type,
        check,
        validateResource: async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (type !== undefined && args.type !== type) {
                return;
            }
            for (const message of await check(args.props, args.getConfig<Config>(), args.type)) {
                reportViolation(message);
            }
        },
    };
}

export type Resource = Pick<PolicyResource, "type" | "props" | "urn" | "name"> & {
    opts: { protect: boolean };
    dependencies?: Resource[];
    propertyDependencies?: Record<string, Resource[]>;
};
export interface Finding { message: string; urn?: string }
export type StackCheck = (resources: Resource[], config: Config) => Finding[] | Promise<Finding[]>;
export type CheckedStackPolicy = StackValidationPolicy & { check: StackCheck };

export function stackPolicy(name: string, description: string, check: StackCheck, options: PolicyOptions = {}): CheckedStackPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        ...options,
        check,
        validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
            for (const finding of await check(args.resources, args.getConfig<Config>())) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}
