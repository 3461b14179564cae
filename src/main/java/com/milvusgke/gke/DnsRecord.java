package com.milvusgke.gke;

import com.pulumi.core.Output;
import com.pulumi.gcp.dns.RecordSet;
import com.pulumi.gcp.dns.RecordSetArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The A record {@code <domain>.} pointing at the load balancer's static IP, in a Cloud DNS managed zone. With it a
 * google-managed certificate goes Active with no manual step (Google validates the domain by resolving it to the
 * load balancer).
 */
public final class DnsRecord extends ComponentResource {
    private final RecordSet recordSet;
    private final String dnsName;

    /**
     * Where the record goes; the zone (and its project) may be another stack's outputs.
     *
     * @param managedZone the Cloud DNS managed zone's resource name
     * @param project     its project, when not the gcp provider's
     * @param ttlSeconds  the record's TTL
     */
    public record Args(Output<String> managedZone, Optional<Output<String>> project, int ttlSeconds) {
        public Args {
            Objects.requireNonNull(managedZone, "managedZone");
            Objects.requireNonNull(project, "project");
        }
    }

    /**
     * @param domain  the name clients use (no trailing dot)
     * @param address the static IP's address
     * @param record  zone, project and TTL
     */
    public DnsRecord(String name, String domain, Output<String> address, Args record,
                     @Nullable ComponentResourceOptions options) {
        super("milvusgke:gke:DnsRecord", name, options);
        this.dnsName = fullyQualified(domain);
        var args = RecordSetArgs.builder()
                .name(dnsName)
                .type("A")
                .ttl(record.ttlSeconds())
                .managedZone(record.managedZone())
                .rrdatas(address.applyValue(List::of));
        record.project().ifPresent(args::project);
        this.recordSet = new RecordSet(name + "-a", args.build(), CustomResourceOptions.builder().parent(this).build());
        registerOutputs(Map.of("dnsName", Output.of(dnsName)));
    }

    /** Cloud DNS names are absolute: {@code milvus.example.com.} */
    static String fullyQualified(String domain) {
        return domain.endsWith(".") ? domain : domain + ".";
    }

    public RecordSet recordSet() {
        return recordSet;
    }

    public String dnsName() {
        return dnsName;
    }
}
