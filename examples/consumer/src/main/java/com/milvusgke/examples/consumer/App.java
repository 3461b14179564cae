package com.milvusgke.examples.consumer;

import com.pulumi.Context;
import com.pulumi.Pulumi;

/** Reads config and instantiates the connection; nothing else. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        // Java 25 with 2 CPUs or fewer: pulumi-java 1.36.1 spins forever on a common pool of parallelism 1
        // (pulumi/pulumi-java#2270, fixed in a later release). Read when the pool starts, so set before anything uses
        // it; a value the user passed with -D stays. Drop with an SDK that has the fix.
        if (Runtime.version().feature() >= 25) {
            var parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
            if (System.getProperty(parallelism) == null && Runtime.getRuntime().availableProcessors() <= 2) {
                System.setProperty(parallelism, "2");
            }
        }
        Pulumi.run(App::program);
    }

    public static void program(Context ctx) {
        var config = ctx.config();
        var connection = new MilvusConnection("milvus", MilvusConnection.Args.builder()
                .milvusStack(config.require("milvusStack"))
                .appNamespace(config.get("appNamespace").orElse("default"))
                .secretName(config.get("secretName").orElse("milvus-connection"))
                .build(), null);
        ctx.export("milvusUri", connection.milvusUri());
        ctx.export("secretName", connection.secretName());
    }
}
