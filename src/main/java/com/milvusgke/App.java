package com.milvusgke;

import com.milvusgke.config.ConfigSource;
import com.milvusgke.config.StackConfigParser;
import com.milvusgke.plan.PlanCommand;
import com.milvusgke.stack.MilvusL7Stack;
import com.milvusgke.verify.VerifyCommand;
import com.pulumi.Context;
import com.pulumi.Pulumi;

import java.util.Arrays;

/**
 * Entry point. Without arguments it is the Pulumi program (`pulumi up` runs it); {@code plan} evaluates the
 * same program offline and writes what each provider would receive; {@code verify} checks a deployed stack
 * from a client's side (DNS, TLS with the server name, HTTP/2, a real Milvus call).
 */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("plan")) {
            System.exit(PlanCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(VerifyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        Pulumi.run(App::program);
    }

    /** Reads and validates config once, then declares the stack. Nothing is registered if config is bad. */
    public static void program(Context ctx) {
        var config = StackConfigParser.parse(ConfigSource.of(ctx.config(), ctx.stackName()));
        new MilvusL7Stack("milvus-l7", config, null).outputs().exportTo(ctx);
    }
}
