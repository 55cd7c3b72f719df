import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";

/** An RSA signing key and its JWKS, standing in for an issuer's. */
export interface TestIssuer {
  readonly jwks: string;
  sign(payload: Record<string, unknown>): string;
}

export function testIssuer(kid: string): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  return { jwks: JSON.stringify({ keys: [jwk] }), sign: (payload) => signRs256(privateKey, kid, payload) };
}

function signRs256(key: KeyObject, kid: string, payload: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg: "RS256", typ: "JWT", kid })}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256").update(input).sign(key).toString("base64url");
  return `${input}.${signature}`;
}
