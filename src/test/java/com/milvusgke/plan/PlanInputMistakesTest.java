package com.milvusgke.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.milvusgke.plan.PlanCommandTest.plan;
import static com.milvusgke.plan.PlanCommandTest.planStackFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mistakes a user makes with `plan`, read as the user reads them: exit code and message, nothing written. */
class PlanInputMistakesTest {

    @Test
    void stackEqualsNameIsAcceptedAsTheSpellingManyToolsTake(@TempDir Path tmp) {
        var run = plan("--stack=dev", "--out=" + tmp.resolve("out"));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(tmp.resolve("out/plan.json")));
    }

    @Test
    void pulumisShortFlagGetsTheLongOneAsAHint(@TempDir Path tmp) {
        var run = plan("-s", "dev", "--out", tmp.resolve("out").toString());
        assertEquals(2, run.exitCode());
        assertEquals("plan: unexpected argument '-s'; did you mean --stack? It needs a stack name (e.g. --stack dev)\n"
                + PlanCommand.USAGE, run.err().strip());
        var other = plan("--stak", "dev");
        assertEquals(2, other.exitCode());
        assertTrue(other.err().startsWith("plan: unexpected argument '--stak'; the flags are --config, --out, --stack"), other.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void aStackNameIsCheckedAsOneNotAPath(@TempDir Path tmp) {
        for (var bad : new String[]{"../etc", "a/b", "/etc/passwd", ".hidden"}) {
            var run = plan("--stack", bad, "--out", tmp.resolve("out").toString());
            assertEquals(2, run.exitCode(), bad);
            assertEquals("plan: --stack " + bad + " is not a stack name: a stack name has letters, digits, '-', '_' and '.' (it reads"
                    + " Pulumi.<name>.yaml in this directory; for a stack file elsewhere, give --config FILE)", run.err().strip());
        }
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void aSecretPlanMustReadButCannotDecryptIsSaidToBeThat(@TempDir Path tmp) throws IOException {
        var run = planStackFile(tmp, "ci", "config:\n  milvus-gke-l7:domain: milvus.example.com\n"
                + "  milvus-gke-l7:rsaBits:\n    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=\n");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("milvus-gke-l7:rsaBits is a secret (secure: in the stack file) that plan cannot decrypt, and the"
                + " stack needs its value: check it with pulumi preview -s ci, which decrypts it; or, if it need not be secret, store it"
                + " in clear (pulumi config set rsaBits <value> -s ci)"), run.err());
        assertFalse(run.err().contains("is invalid"), run.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void aKubeconfigInClearIsRefusedWithTheSecretCommand(@TempDir Path tmp) throws IOException {
        var run = planStackFile(tmp, "clear", "config:\n  milvus-gke-l7:domain: milvus.example.com\n"
                + "  milvus-gke-l7:kubeconfig: \"apiVersion: v1\"\n");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("milvus-gke-l7:kubeconfig is stored in clear text in Pulumi.clear.yaml, but it grants access to"
                + " the cluster: store it as a secret: pulumi config rm kubeconfig -s clear && pulumi config set --secret kubeconfig"
                + " < kubeconfig.yaml -s clear"), run.err());
        assertFalse(run.err().contains("apiVersion"), "the value is not echoed");
        assertFalse(Files.exists(tmp.resolve("out")));
        // As a secret it is accepted (and stays one: PlanCommandTest.secureConfigStaysSecret).
        var secret = planStackFile(tmp, "secret", "config:\n  milvus-gke-l7:domain: milvus.example.com\n"
                + "  milvus-gke-l7:kubeconfig:\n    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=\n");
        assertEquals(0, secret.exitCode(), secret.err());
    }
}
