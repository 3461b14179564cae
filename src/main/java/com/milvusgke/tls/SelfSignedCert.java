package com.milvusgke.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;
import java.util.List;

/** A self-signed certificate ({@code tls:index/selfSignedCert:SelfSignedCert}, pulumi-tls 5.5.1). */
@ResourceType(type = SelfSignedCert.TYPE)
public class SelfSignedCert extends CustomResource {
    public static final String TYPE = "tls:index/selfSignedCert:SelfSignedCert";

    @Export(name = "certPem", refs = {String.class}, tree = "[0]")
    private Output<String> certPem;

    @Export(name = "validityEndTime", refs = {String.class}, tree = "[0]")
    private Output<String> validityEndTime;

    @Export(name = "readyForRenewal", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> readyForRenewal;

    public SelfSignedCert(String name, SelfSignedCertArgs args, @Nullable CustomResourceOptions options) {
        super(TYPE, name, args, TlsProvider.withDefaults(options, List.of("privateKeyPem")));
    }

    public Output<String> certPem() {
        return certPem;
    }

    public Output<String> validityEndTime() {
        return validityEndTime;
    }

    public Output<Boolean> readyForRenewal() {
        return readyForRenewal;
    }
}
