package com.milvusgke.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import javax.annotation.Nullable;

/** {@code tls:index/SelfSignedCertSubject:SelfSignedCertSubject}: the distinguished-name fields this project sets. */
public final class SelfSignedCertSubjectArgs extends ResourceArgs {

    @Import(name = "commonName")
    private @Nullable Output<String> commonName;

    @Import(name = "organization")
    private @Nullable Output<String> organization;

    private SelfSignedCertSubjectArgs() {
    }

    public static SelfSignedCertSubjectArgs of(String commonName, @Nullable String organization) {
        var subject = new SelfSignedCertSubjectArgs();
        subject.commonName = Output.of(commonName);
        subject.organization = organization == null ? null : Output.of(organization);
        return subject;
    }
}
