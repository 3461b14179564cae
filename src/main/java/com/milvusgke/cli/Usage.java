package com.milvusgke.cli;

import java.util.Map;

/** What {@code java -jar milvus-gke-l7.jar} says when it is run by a person rather than by the Pulumi engine. */
public final class Usage {
    public static final String TEXT = """
            usage: java -jar target/milvus-gke-l7.jar COMMAND [ARGS]
              plan    write what a stack would create, offline: plan (--stack NAME | --config FILE) [--out DIR]
              verify  check a deployed stack as a client would: pulumi stack output --json | ... verify
              status  the rollout stage by stage; --wait until it serves: pulumi stack output --json --show-secrets | ... status --wait
            Run `COMMAND --help` for its options. The Pulumi program itself is run by `pulumi preview` / `pulumi up`,
            which start this jar with no command.""";

    private Usage() {
    }

    /**
     * The Pulumi language host starts the program with the engine's addresses in the environment; without them
     * the SDK can only fail, so a person gets the usage instead.
     */
    public static boolean underEngine(Map<String, String> environment) {
        var monitor = environment.get("PULUMI_MONITOR");
        return monitor != null && !monitor.isBlank();
    }

    public static boolean isHelp(String word) {
        return word.equals("help") || word.equals("-h") || word.equals("--help");
    }
}
