// Mesh mode: Envoy's own jwt_authn filter verifies the token and leaves the
// payload in dynamic metadata (payload_in_metadata); jwt-authz reads it
// from there (the stream's whole `metadata` message, through the SDK's
// `metadata.filter`) instead of verifying again.
// In real Envoy the native filter runs before jwt-authz; in the emulator the
// same metadata is set on the stream, encoded as the emulator encodes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envoyBackend, realEnvoySkipped, type emulator, type NativeFilter, type ScenarioTarget } from "@envoyscript/testkit";
import { FAR_FUTURE, generateTestKeys, jwksOf, signToken } from "./support/tokens.ts";
import { ISSUER, bearer, setupWith } from "./support/setup.ts";
import { emulateFilter, type EmulatedFilter } from "./support/emulator.ts";

const keys = generateTestKeys();
// Every JSON type a claim can have, including an 8-character string (as long
// as a double), a boolean and null: Envoy refuses to serialize a Struct path
// holding a null, so this payload only passes when the filter reads the whole
// `metadata` message.
const payload = {
  iss: ISSUER, sub: "alice", aud: ["orders-api", "billing-api"], azp: "web-app", exp: FAR_FUTURE,
  groups: ["admins"], tier: 3, team: "platform", verified: true, org: { id: "acme", regions: ["eu", "us"], parent: null },
  nickname: null,
};

const jwtAuthn: NativeFilter = {
  name: "envoy.filters.http.jwt_authn",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
    providers: {
      issuer: { issuer: ISSUER, local_jwks: { inline_string: JSON.stringify(jwksOf(keys)) }, payload_in_metadata: ISSUER, forward: true },
    },
    rules: [
      // Misconfigured on purpose: a failed token passes jwt_authn here, and jwt-authz must not take it as verified.
      { match: { prefix: "/lenient" }, requires: { allow_missing_or_failed: {} } },
      { match: { prefix: "/" }, requires: { requires_any: { requirements: [{ provider_name: "issuer" }, { allow_missing: {} }] } } },
    ],
  },
};

const configuration = {
  mode: "mesh",
  jwtRules: [{ issuer: ISSUER, outputClaimToHeaders: [
    { header: "x-jwt-groups", claim: "groups" }, { header: "x-jwt-tier", claim: "tier" }, { header: "x-jwt-team", claim: "team" },
    { header: "x-jwt-verified", claim: "verified" }, { header: "x-jwt-regions", claim: "org.regions" },
  ] }],
  policies: [
    { name: "require-jwt-for-admin", action: "DENY", rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }], to: [{ operation: { paths: ["/admin*"] } }] }] },
    {
      name: "admins",
      action: "ALLOW",
      rules: [
        { to: [{ operation: { notPaths: ["/admin*"] } }] },
        {
          from: [{ source: { requestPrincipals: [`${ISSUER}/alice`] } }],
          when: [
            { key: "request.auth.claims[groups]", values: ["admins"] },
            { key: "request.auth.audiences", values: ["billing-api"] },
            { key: "request.auth.presenter", values: ["web-app"] },
            { key: "request.auth.claims[org][id]", values: ["acme"] },
          ],
        },
      ],
    },
  ],
};

describe.skipIf(realEnvoySkipped())("jwt-authz mesh mode behind Envoy's jwt_authn", () => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await envoyBackend.start(setupWith(configuration, { nativeFiltersBefore: [jwtAuthn] }));
  });
  afterAll(async () => target?.stop());

  it("authorizes with the payload jwt_authn verified", async () => {
    const response = await target.request({ path: "/admin/users", headers: bearer(signToken(keys, "RS256", payload)) });
    expect(response.status).toBe(200);
    expect(response.upstream?.headers["x-jwt-groups"]).toBe("admins");
    // Struct numbers are doubles: 3 stays "3".
    expect(response.upstream?.headers["x-jwt-tier"]).toBe("3");
    expect(response.upstream?.headers["x-jwt-team"]).toBe("platform");
    expect(response.upstream?.headers["x-jwt-verified"]).toBe("true");
    expect(response.upstream?.headers["x-jwt-regions"]).toBe("eu,us");
  });

  it("denies a verified token whose claims do not match", async () => {
    const token = signToken(keys, "ES256", { ...payload, groups: ["users"] });
    const response = await target.request({ path: "/admin/users", headers: bearer(token) });
    expect(response.status).toBe(403);
    expect(response.body).toBe("RBAC: access denied");
  });

  it("treats a request without a token as unauthenticated", async () => {
    expect((await target.request({ path: "/admin/users" })).status).toBe(403);
    expect((await target.request({ path: "/public" })).status).toBe(200);
  });

  it("leaves invalid tokens to jwt_authn's 401", async () => {
    const response = await target.request({ path: "/public", headers: bearer(signToken(keys, "RS256", payload, { key: keys.stranger })) });
    expect(response.status).toBe(401);
  });

  it("refuses a token that jwt_authn let through unverified", async () => {
    const response = await target.request({ path: "/lenient", headers: bearer(signToken(keys, "RS256", payload, { key: keys.stranger })) });
    expect(response.status).toBe(401);
    expect(response.body).toBe("Jwt was not verified by jwt_authn");
  });
});

describe("jwt-authz mesh mode on emulator (metadata set on the stream)", () => {
  let filter: EmulatedFilter;
  beforeAll(async () => {
    filter = await emulateFilter(configuration);
  });

  // What jwt_authn leaves: filter_metadata["envoy.filters.http.jwt_authn"][<payload_in_metadata>] = payload.
  const withMetadata = (verified: object) => ({
    properties: { metadata: { filter_metadata: { "envoy.filters.http.jwt_authn": { [ISSUER]: verified } } } } as unknown as Record<string, emulator.PropertyNode>,
  });

  it("authorizes with the verified payload and copies its claims", async () => {
    const result = await filter.request({ path: "/admin/users" }, withMetadata(payload));
    expect(result.status).toBe(200);
    expect(result.upstreamRequest?.headers["x-jwt-groups"]).toBe("admins");
    expect(result.upstreamRequest?.headers["x-jwt-tier"]).toBe("3");
    expect(result.upstreamRequest?.headers["x-jwt-team"]).toBe("platform");
    expect(result.upstreamRequest?.headers["x-jwt-verified"]).toBe("true");
    expect(result.upstreamRequest?.headers["x-jwt-regions"]).toBe("eu,us");
  });

  it("denies a verified payload whose claims do not match", async () => {
    const result = await filter.request({ path: "/admin/users" }, withMetadata({ ...payload, azp: "other-app" }));
    expect(result.status).toBe(403);
  });

  it("treats a request without metadata or token as unauthenticated", async () => {
    expect((await filter.request({ path: "/admin/users" })).status).toBe(403);
    expect((await filter.request({ path: "/public" })).status).toBe(200);
  });

  it("refuses a token without a verified payload", async () => {
    const result = await filter.request({ path: "/public", headers: bearer(signToken(keys, "RS256", payload)) });
    expect(result.status).toBe(401);
    expect(result.body).toBe("Jwt was not verified by jwt_authn");
  });
});
