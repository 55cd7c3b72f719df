/**
 * Keys and tokens for the JWT configurations, made fresh per run with
 * node:crypto: an RSA-2048 key for RS256 (the most common algorithm in
 * front of APIs), its JWKS, one token for cache-hit runs and many distinct
 * tokens for cache-miss runs.
 */
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";

export const ISSUER = "https://issuer.bench.local";
export const AUDIENCE = "bench-api";
export const KEY_ID = "bench-rsa-1";
/** Distinct tokens rotated in cache-miss runs: four times the token cache size, so LRU never hits. */
export const MISS_TOKEN_COUNT = 1024;
export const TOKEN_CACHE_SIZE = 256;

export interface JwtFixtures {
  /** The JWKS document as a JSON string (Istio's form). */
  readonly jwks: string;
  /** A valid RS256 token for subject "alice", group "readers". */
  readonly token: string;
  /** MISS_TOKEN_COUNT distinct valid tokens. */
  readonly missTokens: readonly string[];
}

export function makeJwtFixtures(): JwtFixtures {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  const jwks = JSON.stringify({ keys: [{ ...jwk, kid: KEY_ID, alg: "RS256", use: "sig" }] });
  const token = signToken(privateKey, "alice", 0);
  const missTokens = Array.from({ length: MISS_TOKEN_COUNT }, (_, index) => signToken(privateKey, `user-${index}`, index + 1));
  return { jwks, token, missTokens };
}

function signToken(privateKey: KeyObject, subject: string, serial: number): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", kid: KEY_ID };
  const payload = { iss: ISSUER, sub: subject, aud: AUDIENCE, iat: now, exp: now + 24 * 3600, groups: ["readers"], jti: `bench-${serial}` };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign("RSA-SHA256").update(signingInput).sign(privateKey);
  return `${signingInput}.${signature.toString("base64url")}`;
}

function base64url(text: string): string {
  return Buffer.from(text).toString("base64url");
}
