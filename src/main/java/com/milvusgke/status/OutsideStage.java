package com.milvusgke.status;

import com.milvusgke.cli.ExitCode;
import com.milvusgke.verify.VerifyCommand;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/** Stage 7: {@code verify}'s checks from a client's side (TCP, TLS with the domain, HTTP/2, a Milvus call), run in-process. */
final class OutsideStage {
    private OutsideStage() {
    }

    static StageReport read(RolloutOutputs outputs, boolean earlierDone, boolean viaHostsFile) {
        if (!earlierDone) {
            return StageReport.skipped(Stage.OUTSIDE, "runs once the stages above are done");
        }
        var out = new ByteArrayOutputStream();
        var args = new ArrayList<String>();
        if (viaHostsFile) {
            // The system's DNS may not know what the hosts file says: connect to the static IP, still as the domain.
            args.add("--address");
            args.add(outputs.deployed().staticIpAddress());
        }
        int code;
        try (var print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            code = VerifyCommand.run(args.toArray(String[]::new),
                    new ByteArrayInputStream(outputs.json().getBytes(StandardCharsets.UTF_8)), print, print);
        }
        var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        var summary = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (code == ExitCode.OK) {
            return StageReport.done(Stage.OUTSIDE, summary);
        }
        var failed = lines.stream().filter(l -> l.startsWith("[fail]")).findFirst().orElse(summary);
        return StageReport.blocked(Stage.OUTSIDE, failed + " (verify exit " + code + ")",
                "run `pulumi stack output --json --show-secrets | java -jar target/milvus-gke-l7.jar verify` for every step");
    }
}
