// src/security.ts: a public Ingress in front of Milvus needs authentication, or a Cloud Armor policy on every backend.
// Imported by policies.test.ts too, so that its check "every policy passes and fails somewhere" sees these cases.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { resource, validateStack } from "./harness";
import { USER_YAML, backendConfigProps, goodStack, ingressProps, releaseProps } from "./fixtures";
import { TYPES } from "../src/milvus";
import { AUTHENTICATION_ANNOTATION, adoptedEndpointSecured, publicEndpointSecured } from "../src/security";

const AUTH_OFF = USER_YAML.replace("authorizationEnabled: true", "authorizationEnabled: false");
const NO_AUTH_KEY = USER_YAML.replace("    authorizationEnabled: true\n", "");

function stack(userYaml: string, options: { securityPolicy?: string; marker?: string; ingressClass?: string } = {}): PolicyResource[] {
    const release = releaseProps();
    release.values.extraConfigFiles["user.yaml"] = userYaml;
    const backendConfig = backendConfigProps();
    if (options.securityPolicy !== undefined) {
        backendConfig.spec.securityPolicy = { name: options.securityPolicy };
    }
    const ingress = ingressProps();
    if (options.marker !== undefined) {
        ingress.metadata.annotations[AUTHENTICATION_ANNOTATION] = options.marker;
    }
    if (options.ingressClass !== undefined) {
        ingress.metadata.annotations["kubernetes.io/ingress.class"] = options.ingressClass;
    }
    return goodStack({ release, backendConfig, ingress });
}
const messages = (v: { message: string }[]) => v.map((x) => x.message).join("\n");

test("milvus-public-endpoint-secured: authentication on passes", async () => {
    assert.ok(USER_YAML.includes("authorizationEnabled: true"));
    assert.deepEqual(await validateStack(publicEndpointSecured, stack(USER_YAML), {}), []);
});

test("milvus-public-endpoint-secured: authentication off (or Milvus's default) with no Cloud Armor policy fails, naming the keys", async () => {
    for (const [text, value] of [[AUTH_OFF, "false"], [NO_AUTH_KEY, "false (Milvus's default)"]]) {
        const v = await validateStack(publicEndpointSecured, stack(text), {});
        assert.equal(v.length, 1, messages(v));
        assert.match(v[0].message, new RegExp(`Ingress my-release-milvus puts Milvus \\(release default/my-release\\) on a public address ` +
            `with authentication off \\(common.security.authorizationEnabled is ${value.replace(/[()']/g, ".")}\\)`));
        assert.match(v[0].message, /BackendConfig my-release-milvus-backend without a Cloud Armor policy/);
        assert.match(v[0].message, /milvusAuthentication/);
        assert.match(v[0].message, /allowedSourceRanges/);
    }
    // The stack's explicit "off" is no excuse.
    assert.equal((await validateStack(publicEndpointSecured, stack(AUTH_OFF, { marker: "off" }), {})).length, 1);
});

test("milvus-public-endpoint-secured: an allow-list or a named policy on every backend passes; on only some, fails", async () => {
    assert.deepEqual(await validateStack(publicEndpointSecured, stack(AUTH_OFF, { securityPolicy: "milvus-dev-armor" }), {}), []);
    const resources = stack(AUTH_OFF, { securityPolicy: "milvus-dev-armor" });
    const rest = backendConfigProps();
    rest.metadata.name = "my-release-milvus-rest-backend";
    resources.push(resource(TYPES.backendConfig, "rest-backendconfig", rest));
    const v = await validateStack(publicEndpointSecured, resources, {});
    assert.equal(v.length, 1);
    assert.match(v[0].message, /BackendConfig my-release-milvus-rest-backend without a Cloud Armor policy/);
});

test("milvus-public-endpoint-secured: an internal Ingress (gce-internal) is not public", async () => {
    assert.deepEqual(await validateStack(publicEndpointSecured, stack(AUTH_OFF, { ingressClass: "gce-internal" }), {}), []);
});

test("milvus-adopted-endpoint-secured: an adopted release kept off is advisory, and only that case", async () => {
    assert.equal(adoptedEndpointSecured.enforcementLevel, "advisory");
    assert.equal(publicEndpointSecured.enforcementLevel, "mandatory");
    const kept = stack(AUTH_OFF, { marker: "kept-off-adopted" });
    assert.deepEqual(await validateStack(publicEndpointSecured, kept, {}), [], "not the mandatory policy's");
    const v = await validateStack(adoptedEndpointSecured, kept, {});
    assert.equal(v.length, 1);
    assert.match(v[0].message, /adopted release is kept as it was so that its clients keep working/);
    assert.match(v[0].message, /milvusAuthentication true with milvusRootPassword/);
    assert.deepEqual(await validateStack(adoptedEndpointSecured, stack(USER_YAML, { marker: "kept-off-adopted" }), {}), []);
    assert.deepEqual(await validateStack(adoptedEndpointSecured, stack(AUTH_OFF), {}), [], "unmarked: the mandatory policy's");
});
