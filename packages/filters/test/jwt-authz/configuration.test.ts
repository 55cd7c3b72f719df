// Invalid configurations are refused at configure time with one log line
// naming the field, and the proxy refuses the listener (fail closed).
import { describe, expect, it } from "vitest";
import { scenarioBackends } from "@envoyscript/testkit";
import { generateTestKeys, jwksOf } from "./support/tokens.ts";
import { ISSUER, setupWith } from "./support/setup.ts";

const keys = generateTestKeys();
const goodJwks = jwksOf(keys);

interface BadConfiguration {
  readonly name: string;
  readonly configuration: object;
  /** The start of the one ERROR line: the field path, then the reason. */
  readonly line: RegExp;
  /** Also started in real Envoy (each refused start costs Envoy about a second; the rest run in the emulator only). */
  readonly inEnvoy?: boolean;
}

const rule = (extra: object) => ({ issuer: ISSUER, jwks: JSON.stringify(goodJwks), ...extra });
const policyWith = (ruleBody: object) => [{ name: "p", action: "ALLOW", rules: [ruleBody] }];

const badConfigurations: BadConfiguration[] = [
  {
    name: "a JWKS whose RSA modulus is not base64url",
    configuration: { jwtRules: [{ issuer: ISSUER, jwks: JSON.stringify({ keys: [{ kty: "RSA", n: "not base64!", e: "AQAB" }] }) }] },
    line: /jwt-authz: jwtRules\[0\]\.jwks: bad JWKS: keys\[0\]: JWK member "n".* \[E_JWT_JWKS\]$/m,
    inEnvoy: true,
  },
  {
    name: "a JWKS that is not JSON",
    configuration: { jwtRules: [{ issuer: ISSUER, jwks: "{keys: oops" }] },
    line: /jwt-authz: jwtRules\[0\]\.jwks: bad JWKS: not a JWKS document.* \[E_JWT_JWKS\]$/m,
  },
  {
    name: "an unknown algorithm in the JWKS",
    configuration: { jwtRules: [{ issuer: ISSUER, jwks: { keys: [{ ...goodJwks.keys[0], alg: "RS999" }] } }] },
    line: /jwt-authz: jwtRules\[0\]\.jwks: bad JWKS: keys\[0\]\.alg: unknown algorithm "RS999".* \[E_JWT_JWKS\]$/m,
    inEnvoy: true,
  },
  {
    name: "a bad CIDR",
    configuration: { jwtRules: [rule({})], policies: policyWith({ from: [{ source: { ipBlocks: ["10.0.0.0/8", "10.1.0.0/33"] } }] }) },
    line: /jwt-authz: policies\[0\]\.rules\[0\]\.from\[0\]\.source\.ipBlocks\[1\]: "10\.1\.0\.0\/33" is not an IP address or CIDR block .* \[E_CONFIG_FORMAT\]$/m,
    inEnvoy: true,
  },
  {
    name: "an unknown condition key",
    configuration: { jwtRules: [rule({})], policies: policyWith({ when: [{ key: "request.auth.claim[groups]", values: ["a"] }] }) },
    line: /jwt-authz: policies\[0\]\.rules\[0\]\.when\[0\]\.key: unknown condition key "request\.auth\.claim\[groups\]"; supported: .* \[E_JWT_CONDITION\]$/m,
    inEnvoy: true,
  },
  {
    name: "a misspelt field",
    configuration: { jwtRules: [rule({ audience: ["a"] })] },
    line: /jwt-authz: jwtRules\[0\]\.audience: unknown field "audience"; did you mean "audiences"\? expected one of issuer, audiences, .* \[E_CONFIG_UNKNOWN_FIELD\]$/m,
    inEnvoy: true,
  },
  {
    name: "a jwksUri without a scheme",
    configuration: { jwtRules: [{ issuer: ISSUER, jwksUri: "keys.example.com/jwks", jwksCluster: "keys" }] },
    line: /jwt-authz: jwtRules\[0\]\.jwksUri: expected an absolute http\(s\) URL .* \[E_CONFIG_FORMAT\]$/m,
  },
  {
    name: "a short HMAC secret",
    configuration: { jwtRules: [{ issuer: ISSUER, hmacSecret: Buffer.from("short").toString("base64") }] },
    line: /jwt-authz: jwtRules\[0\]\.hmacSecret: expected the HS256 secret in base64, at least 32 bytes .* \[E_JWT_HMAC_SECRET\]$/m,
  },
  {
    name: "an unknown mode",
    configuration: { mode: "trust-me", jwtRules: [rule({})] },
    line: /jwt-authz: mode: expected one of verify, mesh, got "trust-me" \[E_CONFIG_ENUM\]$/m,
  },
  {
    name: "a provider without keys in verify mode",
    configuration: { jwtRules: [{ issuer: ISSUER }] },
    line: /jwt-authz: jwtRules\[0\]: a provider needs "jwks", "jwksUri" or "hmacSecret" in verify mode \[E_JWT_NO_KEYS\]$/m,
  },
  {
    name: "a claim header that is not a header name",
    configuration: { jwtRules: [rule({ outputClaimToHeaders: [{ header: "x user", claim: "sub" }] })] },
    line: /jwt-authz: jwtRules\[0\]\.outputClaimToHeaders\[0\]\.header: header name "x user" has a character not allowed .* \[E_CONFIG_HEADER_NAME\]$/m,
  },
  {
    name: "a jwksCluster without jwksUri",
    configuration: { jwtRules: [rule({ jwksCluster: "keys" })] },
    line: /jwt-authz: jwtRules\[0\]\.jwksUri: required field is missing; "jwksCluster" names the cluster to fetch "jwksUri" through \[E_CONFIG_MISSING\]$/m,
  },
  {
    name: "two providers with one issuer",
    configuration: { jwtRules: [rule({}), rule({})] },
    line: /jwt-authz: jwtRules\[1\]\.issuer: issuer "https:\/\/issuer\.example\.com" is already used by jwtRules\[0\] \[E_CONFIG_DUPLICATE\]$/m,
  },
];

describe.each(scenarioBackends())("jwt-authz configuration on $name", (backend) => {
  const cases = badConfigurations.filter((bad) => backend.name === "emulator" || bad.inEnvoy);
  it.each(cases)("refuses $name, naming the field", async ({ configuration, line }) => {
    const error = await backend.start(setupWith(configuration)).then(
      async (target) => {
        await target.stop();
        return null;
      },
      (caught: Error) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(line);
  });
});
