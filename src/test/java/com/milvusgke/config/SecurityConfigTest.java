package com.milvusgke.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** milvusAuthentication, milvusRootPassword and allowedSourceRanges: defaults, the adopted-release rule, messages. */
class SecurityConfigTest {
    private static final String PASSWORD = "s3cret-Root-pw";

    private static StackConfig parse(String... keyValues) {
        return StackConfigParser.parse(StackConfigParserTest.source("dev", keyValues), com.milvusgke.milvus.UserValuesCheck::all);
    }

    private static List<String> problems(String... keyValues) {
        return assertThrows(ConfigException.class, () -> parse(keyValues)).problems();
    }

    @Test
    void authenticationIsOnByDefaultWithAGeneratedPassword() {
        var security = parse("domain", "milvus.example.com").security();
        assertTrue(security.authentication());
        assertFalse(security.authenticationSet());
        assertEquals(Optional.empty(), security.rootPassword(), "no password in config: the stack generates one");
        assertEquals(Optional.empty(), security.allowList());
    }

    @Test
    void anAdoptedReleaseKeepsAuthenticationOffUntilTheUserTurnsItOn() {
        var adopted = parse("domain", "milvus.example.com", "existingRelease", "true").security();
        assertFalse(adopted.authentication(), "its clients would start failing");
        assertFalse(adopted.authenticationSet());
        var turnedOn = parse("domain", "milvus.example.com", "existingRelease", "true", "milvusAuthentication", "true",
                "milvusRootPassword", PASSWORD).security();
        assertTrue(turnedOn.authentication());
        assertTrue(turnedOn.rootPassword().isPresent());
    }

    @Test
    void turningAuthenticationOnForAnAdoptedReleaseNeedsRootsCurrentPassword() {
        var problems = problems("domain", "milvus.example.com", "existingRelease", "true", "milvusAuthentication", "true");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("milvus-gke-l7:milvusAuthentication = true for an existingRelease needs"
                + " milvus-gke-l7:milvusRootPassword"), problems.get(0));
        assertTrue(problems.get(0).contains("pulumi config set --secret milvusRootPassword -s dev"), problems.get(0));
    }

    @Test
    void thePasswordIsASecretAndNeverInAMessage() {
        var password = parse("domain", "milvus.example.com", "milvusRootPassword", PASSWORD).security().rootPassword().orElseThrow();
        assertTrue(com.pulumi.core.internal.Internal.of(password).isSecret().join(), "wrapped as a secret at once");
        for (var bad : List.of("short", "x".repeat(73))) {
            var problems = problems("domain", "milvus.example.com", "milvusRootPassword", bad);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("Milvus takes a root password of 6 to 72 characters (the value is a secret and is not shown"),
                    problems.get(0));
            assertFalse(problems.get(0).contains(bad), "the value must not be shown");
        }
        var off = problems("domain", "milvus.example.com", "milvusAuthentication", "false", "milvusRootPassword", PASSWORD);
        assertTrue(off.get(0).contains("milvusRootPassword is set, but authentication is off"), off.toString());
        assertFalse(off.get(0).contains(PASSWORD));
    }

    @Test
    void authenticationTakesTrueOrFalse() {
        assertFalse(parse("domain", "milvus.example.com", "milvusAuthentication", "false").security().authentication());
        assertEquals(List.of("milvus-gke-l7:milvusAuthentication = \"off\" is invalid: expected true or false (or unset: on, or as it is"
                + " for an existingRelease)"), problems("domain", "milvus.example.com", "milvusAuthentication", "off"));
    }

    @Test
    void allowedSourceRangesBecomeAStackScopedPolicy() {
        var list = parse("domain", "milvus.example.com", "allowedSourceRanges", "[\"203.0.113.0/24\",\"2001:db8::/32\",\"198.51.100.7/32\"]")
                .security().allowList().orElseThrow();
        assertEquals("milvus-dev-armor", list.policyName());
        assertEquals(List.of("203.0.113.0/24", "2001:db8::/32", "198.51.100.7/32"), list.ranges());
        assertEquals(Optional.empty(), parse("domain", "milvus.example.com", "allowedSourceRanges", "[]").security().allowList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7|expected a CIDR range with its prefix length, e.g. 203.0.113.7/32 for one address",
            "203.0.113.7/24|it has host bits set; the range is 203.0.113.0/24",
            "203.0.113.0/33|expected an IPv4 or IPv6 CIDR range such as 203.0.113.0/24 or 2001:db8::/32",
            "example.com/24|expected an IPv4 or IPv6 CIDR range such as 203.0.113.0/24 or 2001:db8::/32",
            "2001:db8::1|expected a CIDR range with its prefix length, e.g. 2001:db8::1/128 for one address",
    })
    void aBadRangeIsNamedWithWhatIsAllowed(String range, String why) {
        assertEquals(List.of("milvus-gke-l7:allowedSourceRanges: \"" + range + "\" is invalid: " + why),
                problems("domain", "milvus.example.com", "allowedSourceRanges", "[\"" + range + "\"]"));
    }

    @Test
    void anAllowListAndANamedPolicyAreExclusive() {
        var problems = problems("domain", "milvus.example.com", "allowedSourceRanges", "[\"203.0.113.0/24\"]",
                "securityPolicy", "corp-armor");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("a backend takes one Cloud Armor policy"), problems.get(0));
        assertTrue(problems("domain", "milvus.example.com", "allowedSourceRanges", "\"203.0.113.0/24\"").get(0)
                .contains("expected a list of CIDR ranges"));
    }

    @Test
    void helmValuesCannotCarryAuthenticationOrThePassword() {
        var problems = problems("domain", "milvus.example.com", "helmValues",
                "{\"extraConfigFiles\":{\"user.yaml\":\"common:\\n  security:\\n    authorizationEnabled: false\\n    defaultRootPassword: "
                        + PASSWORD + "\\n\"}}");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("authorizationEnabled = false is not allowed: set the milvusAuthentication config key"), problems.get(0));
        assertTrue(problems.get(1).contains("defaultRootPassword is not allowed (its value is not shown)"), problems.get(1));
        assertFalse(String.join(" ", problems).contains(PASSWORD));
    }

    @Test
    void warningsNameTheKeyWhileTheEndpointIsOpen() {
        assertEquals(List.of(), SecurityWarnings.of(parse("domain", "milvus.example.com")));
        var explicit = SecurityWarnings.of(parse("domain", "milvus.example.com", "milvusAuthentication", "false"));
        assertEquals(1, explicit.size());
        assertTrue(explicit.get(0).contains("https://milvus.example.com is public and Milvus authentication is off (milvusAuthentication = false)"));
        assertTrue(explicit.get(0).contains("pulumi config set milvusAuthentication true -s dev"), explicit.get(0));
        var adopted = SecurityWarnings.of(parse("domain", "milvus.example.com", "existingRelease", "true"));
        assertEquals(1, adopted.size());
        assertTrue(adopted.get(0).contains("the adopted release default/my-release keeps it off"), adopted.get(0));
        assertTrue(adopted.get(0).contains("milvusAuthentication true") && adopted.get(0).contains("milvusRootPassword"), adopted.get(0));
        // Restricted by an allow-list or a named policy: no warning.
        assertEquals(List.of(), SecurityWarnings.of(parse("domain", "milvus.example.com", "milvusAuthentication", "false",
                "allowedSourceRanges", "[\"203.0.113.0/24\"]")));
        assertEquals(List.of(), SecurityWarnings.of(parse("domain", "milvus.example.com", "existingRelease", "true",
                "securityPolicy", "corp-armor")));
    }
}
