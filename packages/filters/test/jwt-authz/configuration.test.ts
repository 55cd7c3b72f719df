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
    line: /jwt-authz: invalid configuration at \$\.jwtRules\[0\]\.jwks \(E_JSON_INVALID\): bad JWKS: keys\[0\]: JWK member "n"/,
    inEnvoy: true,
  },
  {
    name: "a JWKS that is not JSON",
    configuration: { jwtRules: [{ issuer: ISSUER, jwks: "{keys: oops" }] },
    line: /jwt-authz: invalid configuration at \$\.jwtRules\[0\]\.jwks \(E_JSON_INVALID\): bad JWKS: not a JWKS document/,
  },
  {
    name: "an unknown algorithm in the JWKS",
    configuration: { jwtRules: [{ issuer: ISSUER, jwks: { keys: [{ ...goodJwks.keys[0], alg: "RS999" }] } }] },
    line: /jwt-authz: invalid configuration at \$\.jwtRules\[0\]\.jwks \(E_JSON_INVALID\): bad JWKS: keys\[0\]\.alg: unknown algorithm "RS999"/,
    inEnvoy: true,
  },
  {
    name: "a bad CIDR",
    configuration: { jwtRules: [rule({})], policies: policyWith({ from: [{ source: { ipBlocks: ["10.0.0.0/8", "10.1.0.0/33"] } }] }) },
    line: /jwt-authz: invalid configuration at \$\.policies\[0\]\.rules\[0\]\.from\[0\]\.source\.ipBlocks\[1\] \(E_JSON_INVALID\): "10\.1\.0\.0\/33" is not an IP address or CIDR block/,
    inEnvoy: true,
  },
  {
    name: "an unknown condition key",
    configuration: { jwtRules: [rule({})], policies: policyWith({ when: [{ key: "request.auth.claim[groups]", values: ["a"] }] }) },
    line: /jwt-authz: invalid configuration at \$\.policies\[0\]\.rules\[0\]\.when\[0\]\.key \(E_JSON_INVALID\): unknown condition key "request\.auth\.claim\[groups\]"/,
    inEnvoy: true,
  },
  {
    name: "a misspelt field",
    configuration: { jwtRules: [rule({ audience: ["a"] })] },
    line: /jwt-authz: invalid configuration at \$\.jwtRules\[0\]\.audience \(E_JSON_INVALID\): unknown field/,
    inEnvoy: true,
  },
  {
    name: "a jwksUri without a scheme",
    configuration: { jwtRules: [{ issuer: ISSUER, jwksUri: "keys.example.com/jwks", jwksCluster: "keys" }] },
    line: /jwt-authz: invalid configuration at \$\.jwtRules\[0\]\.jwksUri \(E_JSON_INVALID\): expected an absolute http\(s\) URL/,
  },
  {
    name: "a short HMAC secret",
    configuration: { jwtRules: [{ issuer: ISSUER, hmacSecret: Buffer.from("short").toString("base64") }] },
    line: /jwt-authz: invalid configuration at \$\.jwtRules\[0\]\.hmacSecret \(E_JSON_INVALID\): expected the HS256 secret in base64, at least 32 bytes/,
  },
  {
    name: "an unknown mode",
    configuration: { mode: "trust-me", jwtRules: [rule({})] },
    line: /jwt-authz: invalid configuration at \$\.mode \(E_JSON_INVALID\): expected one of verify, mesh, got "trust-me"/,
  },
  {
    name: "a provider without keys in verify mode",
    configuration: { jwtRules: [{ issuer: ISSUER }] },
    line: /jwt-authz: invalid configuration at \$\.jwtRules\[0\]\.jwks \(E_JSON_MISSING\): a provider needs "jwks", "jwksUri" or "hmacSecret"/,
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
