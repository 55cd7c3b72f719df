import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import {
  ALGORITHMS, FAR_FUTURE, LONG_AGO, confusedTokens, generateTestKeys, jwksOf, signToken, unsignedToken, type Algorithm,
} from "./support/tokens.ts";
import { AUDIENCE, ISSUER, bearer, setupWith } from "./support/setup.ts";
import { emulateFilter } from "./support/emulator.ts";

const keys = generateTestKeys();
const claims = { iss: ISSUER, sub: "alice", aud: AUDIENCE, exp: FAR_FUTURE };

const configuration = {
  jwtRules: [
    {
      issuer: ISSUER,
      audiences: [AUDIENCE],
      jwks: JSON.stringify(jwksOf(keys)),
      hmacSecret: keys.hmacSecret.toString("base64"),
      outputClaimToHeaders: [{ header: "x-jwt-sub", claim: "sub" }],
      outputPayloadToHeader: "x-jwt-payload",
    },
  ],
};

/**
 * The filter reads the request's headers one `proxy_get_header_map_value` at
 * a time, or (when a policy tests the method, path or host) the whole map
 * once: every test runs both ways. This policy reads the path of every
 * request and never matches.
 */
const readsRequestLine = { policies: [{ name: "reads-the-path", action: "AUDIT", rules: [{ to: [{ operation: { paths: ["/never-audited"] } }] }] }] };
const readings = [
  { reading: "headers one by one", configuration },
  { reading: "the header map once", configuration: { ...configuration, ...readsRequestLine } },
];

describe.each(scenarioBackends().flatMap((backend) => readings.map((reading) => ({ ...reading, backend, name: backend.name }))))("jwt-authz authentication on $name, reading $reading", ({ backend, configuration }) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setupWith(configuration));
  });
  afterAll(async () => target?.stop());

  it.each(ALGORITHMS.map((alg) => [alg]))("accepts a valid %s token and passes its claims upstream", async (alg) => {
    const response = await target.request({ path: "/orders", headers: bearer(signToken(keys, alg as Algorithm, claims)) });
    expect(response.status).toBe(200);
    expect(response.upstream?.headers["x-jwt-sub"]).toBe("alice");
    expect(JSON.parse(Buffer.from(response.upstream!.headers["x-jwt-payload"], "base64url").toString())).toMatchObject(claims);
    // forwardOriginalToken defaults to false: the token does not reach the upstream.
    expect(response.upstream?.headers.authorization).toBeUndefined();
  });

  it("lets a request without a token through unauthenticated (no policy)", async () => {
    const response = await target.request({ path: "/orders" });
    expect(response.status).toBe(200);
    expect(response.upstream?.headers["x-jwt-sub"]).toBeUndefined();
  });

  it("reads the token from the access_token query parameter by default", async () => {
    const response = await target.request({ path: `/orders?access_token=${signToken(keys, "ES256", claims)}` });
    expect(response.status).toBe(200);
    expect(response.upstream?.headers["x-jwt-sub"]).toBe("alice");
  });

  it("drops a client's own copy of a claim header, with or without a token", async () => {
    const response = await target.request({ path: "/", headers: { "x-jwt-sub": "mallory" } });
    expect(response.status).toBe(200);
    expect(response.upstream?.headers["x-jwt-sub"]).toBeUndefined();
    const verified = await target.request({ path: "/", headers: { "x-jwt-sub": "mallory", ...bearer(signToken(keys, "RS256", claims)) } });
    expect(verified.upstream?.headers["x-jwt-sub"]).toBe("alice");
  });

  const refused: Array<[string, () => string, string]> = [
    ["an expired token", () => signToken(keys, "RS256", { ...claims, exp: LONG_AGO }), "Jwt is expired"],
    ["a token not yet valid", () => signToken(keys, "ES256", { ...claims, nbf: FAR_FUTURE }), "Jwt not yet valid"],
    ["a token of another issuer", () => signToken(keys, "RS256", { ...claims, iss: "https://evil.example.com" }), "Jwt issuer is not configured"],
    ["a token for another audience", () => signToken(keys, "ES384", { ...claims, aud: "billing-api" }), "Audiences in Jwt are not allowed"],
    ["an alg: none token", () => unsignedToken(claims), "Jwt header [alg] none is not allowed"],
    ["an alg: none token with a fake signature", () => `${unsignedToken(claims)}c2ln`, "Jwt header [alg] none is not allowed"],
    ["a token signed by another key", () => signToken(keys, "RS256", claims, { key: keys.stranger }), "Jwt verification fails"],
    ["a PS256 token signed by another key", () => signToken(keys, "PS256", claims, { key: keys.stranger }), "Jwt verification fails"],
    ["a token with an unknown kid", () => signToken(keys, "RS256", claims, { header: { kid: "retired-key" } }), "Jwks doesn't have key to match kid or alg from Jwt"],
    ["a token with an unsupported algorithm", () => signToken(keys, "RS256", claims, { header: { alg: "EdDSA" } }), "Jwt header [alg] is not supported"],
    ["a token with two segments", () => signToken(keys, "RS256", claims).split(".").slice(0, 2).join("."), "Jwt is not in the form of Header.Payload.Signature"],
    ["a token with a tampered payload", () => tamper(signToken(keys, "ES256", claims)), "Jwt verification fails"],
    ["a token that is not base64url", () => "abc$.def.ghi", "Jwt segment is not valid base64url"],
  ];

  it.each(refused)("answers 401 to %s", async (_name, token, message) => {
    const response = await target.request({ path: "/orders", headers: bearer(token()) });
    expect(response.status).toBe(401);
    expect(response.body).toBe(message);
    expect(response.upstream).toBeNull();
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer realm="http:\/\/[^"]+\/orders", error="invalid_token"$/);
  });

  it("refuses algorithm confusion: HS256 signed with the RSA public key", async () => {
    for (const token of confusedTokens(keys, claims)) {
      const response = await target.request({ headers: bearer(token) });
      expect(response.status).toBe(401);
      expect(response.body).toBe("Jwt verification fails");
    }
  });

  it("counts repeated tokens as cache hits", async () => {
    const token = signToken(keys, "RS512", { ...claims, jti: "cache-test" });
    const before = (await target.metrics()).get("jwt_authz.token_cache_hit") ?? 0;
    for (let i = 0; i < 3; i++) expect((await target.request({ headers: bearer(token) })).status).toBe(200);
    const after = (await target.metrics()).get("jwt_authz.token_cache_hit") ?? 0;
    expect(after - before).toBe(2);
  });

  // A hit is looked up from the token's bytes where it can be (the prefix in
  // any case, no spaces around the token) and from the decoded value where
  // not (spaces to trim): the same token is the same hit either way.
  it("answers a cached token the same however its prefix is cased and the token spaced", async () => {
    const token = signToken(keys, "ES256", { ...claims, jti: "cache-spelling" });
    const metric = async (name: string) => (await target.metrics()).get(`jwt_authz.${name}`) ?? 0;
    const [hitsBefore, missesBefore] = [await metric("token_cache_hit"), await metric("token_cache_miss")];
    for (const value of [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `Bearer  ${token} `]) {
      const response = await target.request({ path: "/orders", headers: { authorization: value } });
      expect(response.status, value).toBe(200);
      expect(response.upstream?.headers["x-jwt-sub"]).toBe("alice");
      expect(response.upstream?.headers["x-jwt-payload"]).toBe(token.split(".")[1]);
    }
    expect(await metric("token_cache_hit")).toBe(hitsBefore + 3);
    expect(await metric("token_cache_miss")).toBe(missesBefore + 1);
  });
});

/** Changes the "sub" claim of a signed token, keeping its signature. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split(".");
  const claimsText = Buffer.from(payload, "base64url").toString().replace("alice", "admin");
  return `${header}.${Buffer.from(claimsText).toString("base64url")}.${signature}`;
}

// Repeated headers, which the scenario API cannot send: the emulator's header
// map answers proxy_get_header_map_value with the first value, as Envoy does.
describe.each(readings)("jwt-authz with repeated headers, reading $reading", ({ configuration }) => {
  it("takes the token from the first Authorization header, as Envoy's jwt_authn does", async () => {
    const filter = await emulateFilter(configuration);
    const valid = `Bearer ${signToken(keys, "RS256", claims)}`;
    const first = await filter.request({ path: "/orders", headers: [["authorization", valid], ["authorization", "Bearer not.a.token"]] });
    expect(first.status).toBe(200);
    expect(first.upstreamRequest?.headers["x-jwt-sub"]).toBe("alice");
    const cached = await filter.request({ path: "/orders", headers: [["authorization", valid], ["authorization", "Bearer not.a.token"]] });
    expect(cached.status).toBe(200);
    expect(filter.metric("jwt_authz.token_cache_hit")).toBe(1);
    const second = await filter.request({ path: "/orders", headers: [["authorization", "Bearer not.a.token"], ["authorization", valid]] });
    expect(second.status).toBe(401);
  });

  it("drops every copy of a claim header a client sent, then reads the token", async () => {
    const filter = await emulateFilter(configuration);
    const token = signToken(keys, "RS256", claims);
    const response = await filter.request({ path: "/orders", headers: [["x-jwt-sub", "mallory"], ["x-jwt-sub", "root"], ["authorization", `Bearer ${token}`]] });
    expect(response.status).toBe(200);
    expect(response.upstreamRequest?.headers["x-jwt-sub"]).toBe("alice");
  });

  it("judges request.headers conditions on the claim headers it wrote, not on the client's copies", async () => {
    const onlyAlice = { name: "only-alice", action: "DENY", rules: [{ when: [{ key: "request.headers[x-jwt-sub]", notValues: ["alice"] }] }] };
    const policies = [...((configuration as { policies?: object[] }).policies ?? []), onlyAlice];
    const filter = await emulateFilter({ ...configuration, policies });
    const as = (sub: string, spoofed: string) => filter.request({ path: "/orders", headers: [["x-jwt-sub", spoofed], ["authorization", `Bearer ${signToken(keys, "ES256", { ...claims, sub })}`]] });
    expect((await as("bob", "alice")).status).toBe(403);
    expect((await as("alice", "bob")).status).toBe(200);
  });
});
