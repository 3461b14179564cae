package com.milvusgke.gke;

import com.pulumi.core.Output;
import com.pulumi.gcp.compute.SecurityPolicy;
import com.pulumi.gcp.compute.SecurityPolicyArgs;
import com.pulumi.gcp.compute.inputs.SecurityPolicyRuleArgs;
import com.pulumi.gcp.compute.inputs.SecurityPolicyRuleMatchArgs;
import com.pulumi.gcp.compute.inputs.SecurityPolicyRuleMatchConfigArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may connect: a Cloud Armor security policy that allows the given client ranges and denies everyone else, for the
 * BackendConfigs to attach to the load balancer's backend services ({@code spec.securityPolicy.name}).
 */
public final class SourceRangePolicy extends ComponentResource {
    /** Cloud Armor's limit of ranges in one rule's {@code srcIpRanges}. */
    public static final int RANGES_PER_RULE = 10;
    /** The allow rules' priorities: this, then one more per rule (lower numbers are evaluated first). */
    public static final int FIRST_ALLOW_PRIORITY = 1000;
    /** The default rule's priority, which every policy must have: here it denies. */
    public static final int DEFAULT_RULE_PRIORITY = 2147483647;
    /** Denied clients get a 403 from the load balancer; Milvus never sees them. */
    public static final String DENY_ACTION = "deny(403)";

    private final Output<String> policyName;

    public SourceRangePolicy(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:gke:SourceRangePolicy", name, options);
        var rules = new ArrayList<SecurityPolicyRuleArgs>();
        for (int start = 0, index = 0; start < args.ranges.size(); start += RANGES_PER_RULE, index++) {
            var ranges = args.ranges.subList(start, Math.min(start + RANGES_PER_RULE, args.ranges.size()));
            rules.add(rule("allow", FIRST_ALLOW_PRIORITY + index, ranges, "allowedSourceRanges " + (start + 1) + "-" + (start + ranges.size())));
        }
        rules.add(rule(DENY_ACTION, DEFAULT_RULE_PRIORITY, List.of("*"), "everyone else"));
        var policy = new SecurityPolicy(name + "-policy", SecurityPolicyArgs.builder()
                .name(args.policyName)
                .type("CLOUD_ARMOR")
                .description("Milvus L7 load balancer (Pulumi stack): only allowedSourceRanges may connect")
                .rules(rules)
                .build(), CustomResourceOptions.builder().parent(this).build());
        // From the policy's own output: a BackendConfig naming it waits until it exists.
        this.policyName = policy.name();
        registerOutputs(Map.of("securityPolicyName", policyName));
    }

    private static SecurityPolicyRuleArgs rule(String action, int priority, List<String> ranges, String description) {
        return SecurityPolicyRuleArgs.builder()
                .action(action)
                .priority(priority)
                .description(description)
                .match(SecurityPolicyRuleMatchArgs.builder()
                        .versionedExpr("SRC_IPS_V1")
                        .config(SecurityPolicyRuleMatchConfigArgs.builder().srcIpRanges(ranges).build())
                        .build())
                .build();
    }

    /** The policy's GCE name, as the BackendConfigs refer to it. */
    public Output<String> policyName() {
        return policyName;
    }

    /**
     * @param policyName the policy's GCE name ({@code milvus-<stack>-armor})
     * @param ranges     the client ranges allowed (CIDR), validated by the config parser
     */
    public record Args(String policyName, List<String> ranges) {
        public Args {
            Objects.requireNonNull(policyName, "policyName");
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("an allow-list needs at least one range");
            }
        }
    }
}
