package com.milvusgke.verify;

import com.milvusgke.verify.VerifyReport.Step;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Step 1 of {@code verify}: the domain resolves to the stack's static IP (a warning, never a failure, if not). */
final class DnsCheck {
    private DnsCheck() {
    }

    /** Step 1. True when the domain resolves to the static IP; a warning (never a failure) otherwise. */
    static boolean check(DeployedOutputs outputs, VerifyCommand.Options options, VerifyReport report) {
        var domain = outputs.domain();
        var expected = outputs.staticIpAddress();
        var recordType = expected.contains(":") ? "AAAA" : "A";
        var record = domain + ". " + recordType + " " + expected;
        var instead = "; checking " + options.address().map(a -> a + " (--address)").orElse(expected)
                + " directly, as " + domain
                + (outputs.selfManaged() ? "" : " (Google issues the managed certificate only once the record points at the stack)");
        List<String> resolved;
        try {
            resolved = Bounded.call(() -> Arrays.stream(InetAddress.getAllByName(domain)).map(InetAddress::getHostAddress).toList(),
                    options.timeout(), "dns-lookup");
        } catch (Exception e) {
            var reason = e instanceof TimeoutException ? "no DNS answer within " + options.timeout().toSeconds() + "s"
                    : "does not resolve";
            report.warn(Step.DNS, domain + " " + reason + "; create the record \"" + record + "\"" + instead);
            return false;
        }
        var expectedAddress = canonical(expected);
        if (resolved.stream().map(DnsCheck::canonical).anyMatch(expectedAddress::equals)) {
            report.ok(Step.DNS, domain + " resolves to " + expected
                    + options.address().map(a -> "; checking " + a + " (--address) as asked").orElse(""));
            return true;
        }
        report.warn(Step.DNS, domain + " resolves to " + String.join(", ", resolved) + ", not " + expected
                + "; point the record at the stack: \"" + record + "\"" + instead);
        return false;
    }


    static String canonical(String address) {
        try {
            return DeployedOutputs.isIpLiteral(address) ? InetAddress.getByName(address).getHostAddress() : address;
        } catch (IOException e) {
            return address;
        }
    }
}
