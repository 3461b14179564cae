package com.milvusgke.examples.consumer;

import com.pulumi.Context;
import com.pulumi.Pulumi;

/** Reads config and instantiates the connection; nothing else. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
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
