// Hostile tokens never trap the filter (a trap would fail every request of
// the VM): each is answered 401, and the next valid request still passes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmulatedChain, scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { FAR_FUTURE, base64url, generateTestKeys, jwksOf, signToken } from "./support/tokens.ts";
import { ISSUER, bearer, setupWith } from "./support/setup.ts";

const keys = generateTestKeys();
const claims = { iss: ISSUER, sub: "alice", exp: FAR_FUTURE };
const header = base64url(JSON.stringify({ alg: "RS256", kid: "rsa-1" }));
const signed = (rawPayload: string) => signToken(keys, "RS256", {}, { rawPayload });
const withRawPayload = (payload: Buffer) => `${header}.${base64url(payload)}.${base64url("signature")}`;
/** A token whose header's `kid` is 5,800 JSON escapes, just under the 16 KiB a token may have. */
const escapedKidToken = () => `${base64url(`{"alg":"RS256","kid":"${"\\n".repeat(5_800)}"}`)}.${base64url(`{"iss":"${ISSUER}"}`)}.${base64url("signature")}`;

const hostile: Array<[string, () => string, string]> = [
  ["a 20 KB token", () => signToken(keys, "RS256", { ...claims, padding: "x".repeat(20_000) }), "Jwt is too large"],
  ["a payload nested 5000 deep", () => signed(`{"iss":"${ISSUER}","a":${"[".repeat(5000)}${"]".repeat(5000)}}`), "Jwt payload is an invalid JSON"],
  ["a header nested 5000 deep", () => `${base64url("{\"alg\":" + "[".repeat(5000) + "]".repeat(5000) + "}")}.${base64url("{}")}.c2ln`, "Jwt header is an invalid JSON"],
  ["padded base64", () => `${signToken(keys, "RS256", claims)}==`, "Jwt segment is not valid base64url"],
  ["standard base64 characters", () => signToken(keys, "RS256", claims).replace(/-|_/g, "+") + "+/", "Jwt segment is not valid base64url"],
  ["invalid UTF-8 in the payload", () => withRawPayload(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), "Jwt payload is an invalid JSON"],
  ["a number out of range", () => signed(`{"iss":"${ISSUER}","exp":1e400}`), "Jwt payload is an invalid JSON"],
  ["exp as a string", () => signed(`{"iss":"${ISSUER}","exp":"tomorrow"}`), "Jwt has a claim of the wrong type"],
  ["duplicate claims", () => signed(`{"iss":"${ISSUER}","sub":"alice","sub":"admin"}`), "Jwt has a duplicate member"],
  ["a payload that is an array", () => signed(`[1,2,3]`), "Jwt payload is an invalid JSON"],
  ["a payload that is not JSON", () => signed(`iss=${ISSUER}`), "Jwt payload is an invalid JSON"],
  ["an ES256 signature of the wrong length", () => `${signToken(keys, "ES256", claims)}AAAA`, "Jwt verification fails"],
  ["an RSA signature longer than the modulus", () => `${signToken(keys, "RS256", claims).split(".").slice(0, 2).join(".")}.${base64url(Buffer.alloc(512, 0xff))}`, "Jwt verification fails"],
  ["four segments", () => `${signToken(keys, "RS256", claims)}.more`, "Jwt is not in the form of Header.Payload.Signature"],
  ["only dots", () => "..", "Jwt is not in the form of Header.Payload.Signature"],
  ["non-ASCII characters", () => `é${signToken(keys, "RS256", claims)}`, "Jwt segment is not valid base64url"],
  ["a header of 5,800 JSON escapes", escapedKidToken, "Jwks doesn't have key to match kid or alg from Jwt"],
];

describe.each(scenarioBackends())("jwt-authz hostile tokens on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setupWith({ jwtRules: [{ issuer: ISSUER, jwks: JSON.stringify(jwksOf(keys)) }] }));
  });
  afterAll(async () => target?.stop());

  it.each(hostile)("answers 401 to %s and keeps serving", async (_name, token, message) => {
    const response = await target.request({ headers: bearer(token()) });
    expect(response.status).toBe(401);
    expect(response.body).toBe(message);
    const next = await target.request({ headers: bearer(signToken(keys, "RS256", claims)) });
    expect(next.status).toBe(200);
  });
});

// A token's header and payload are parsed before its signature is checked,
// so their JSON is the sender's. Escapes must decode in time and memory
// linear in the token: appended one at a time, a header of 5,800 escapes
// grew the VM by 128 MiB within one callback (the minimal runtime reclaims
// garbage only after the callback returns, and linear memory never shrinks).
describe("jwt-authz with a token of JSON escapes", () => {
  it("decodes them in memory linear in the token (the VM grows by under 2 MiB)", async () => {
    const token = escapedKidToken();
    expect(token.length).toBeLessThan(16_384);
    const { chain, vms } = await loadEmulatedChain(setupWith({ jwtRules: [{ issuer: ISSUER, jwks: JSON.stringify(jwksOf(keys)) }] }));
    await chain.request({ headers: bearer(signToken(keys, "RS256", claims)) });
    const before = vms[0]!.memoryBytes;
    const response = await chain.request({ headers: bearer(token) });
    expect(response.trapped).toBe(false);
    expect(response.status).toBe(401);
    const grown = vms[0]!.memoryBytes - before;
    expect(grown, `the VM grew by ${(grown / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(2 * 2 ** 20);
  });
});
