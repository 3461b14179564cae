package com.milvusgke.tls;

import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;
import java.util.List;

/** The one place that pins the tls provider version our bindings were written against. */
public final class TlsProvider {
    /** Must match src/main/resources/com/pulumi/tls/plugin.json, which is what `pulumi` installs. */
    public static final String VERSION = "5.5.1";

    private TlsProvider() {
    }

    static CustomResourceOptions withDefaults(@Nullable CustomResourceOptions options, List<String> secretOutputs) {
        var defaults = CustomResourceOptions.builder()
                .version(VERSION)
                .additionalSecretOutputs(secretOutputs)
                .build();
        return CustomResourceOptions.merge(defaults, options);
    }
}
