// Keys generated at test time (never checked in) and tokens signed with
// Node's crypto, for every algorithm the filter verifies.
import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, sign, type JsonWebKey, type KeyObject } from "node:crypto";

export type Algorithm = "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "HS256";

export const ALGORITHMS: readonly Algorithm[] = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "HS256"];

export interface TestKeys {
  readonly rsa: KeyObject;
  readonly rsaPublicJwk: JsonWebKey;
  readonly ec256: KeyObject;
  readonly ec256PublicJwk: JsonWebKey;
  readonly ec384: KeyObject;
  readonly ec384PublicJwk: JsonWebKey;
  /** A second RSA key that no JWKS holds (bad signatures, unknown kid). */
  readonly stranger: KeyObject;
  readonly hmacSecret: Buffer;
}

export function generateTestKeys(): TestKeys {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ec384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    rsa: rsa.privateKey,
    rsaPublicJwk: rsa.publicKey.export({ format: "jwk" }),
    ec256: ec256.privateKey,
    ec256PublicJwk: ec256.publicKey.export({ format: "jwk" }),
    ec384: ec384.privateKey,
    ec384PublicJwk: ec384.publicKey.export({ format: "jwk" }),
    stranger: stranger.privateKey,
    hmacSecret: randomBytes(32),
  };
}

/** The kid each key is published under. */
export const KID = { rsa: "rsa-1", ec256: "ec256-1", ec384: "ec384-1" } as const;

/** The public keys as a JWKS document. */
export function jwksOf(keys: TestKeys): { keys: JsonWebKey[] } {
  return {
    keys: [
      { ...keys.rsaPublicJwk, kid: KID.rsa, use: "sig" },
      { ...keys.ec256PublicJwk, kid: KID.ec256, use: "sig" },
      { ...keys.ec384PublicJwk, kid: KID.ec384, use: "sig" },
    ],
  };
}

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export interface SignOptions {
  readonly header?: Record<string, unknown>;
  /** Sign with this RSA key instead of the published one. */
  readonly key?: KeyObject;
  /** Raw payload text instead of JSON.stringify(payload). */
  readonly rawPayload?: string;
}

/** A compact JWS of `payload` signed with `alg` and the key published for it. */
export function signToken(keys: TestKeys, alg: Algorithm, payload: Record<string, unknown>, options: SignOptions = {}): string {
  const header = { alg, typ: "JWT", kid: defaultKid(alg), ...(options.header ?? {}) };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(options.rawPayload ?? JSON.stringify(payload))}`;
  return `${signingInput}.${base64url(signatureOf(keys, alg, signingInput, options.key))}`;
}

function defaultKid(alg: Algorithm): string | undefined {
  if (alg.startsWith("RS") || alg.startsWith("PS")) return KID.rsa;
  if (alg === "ES256") return KID.ec256;
  if (alg === "ES384") return KID.ec384;
  return undefined;
}

function signatureOf(keys: TestKeys, alg: Algorithm, input: string, override?: KeyObject): Buffer {
  const hash = `sha${alg.slice(2)}`;
  const data = Buffer.from(input);
  if (alg.startsWith("RS")) return sign(hash, data, override ?? keys.rsa);
  if (alg.startsWith("PS")) {
    return sign(hash, data, { key: override ?? keys.rsa, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: Number(alg.slice(2)) / 8 });
  }
  if (alg.startsWith("ES")) return sign(hash, data, { key: alg === "ES256" ? keys.ec256 : keys.ec384, dsaEncoding: "ieee-p1363" });
  return createHmac(hash, keys.hmacSecret).update(data).digest();
}

/** An unsigned token ("alg": "none"), as attackers send it. */
export function unsignedToken(payload: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}.`;
}

/**
 * Algorithm confusion: HS256 with the RSA public key, in the two forms a
 * confused verifier might use as the HMAC secret (its PEM and its JWK JSON).
 */
export function confusedTokens(keys: TestKeys, payload: Record<string, unknown>): string[] {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT", kid: KID.rsa }));
  const input = `${header}.${base64url(JSON.stringify(payload))}`;
  const publicPem = createPublicKey(keys.rsa).export({ format: "pem", type: "spki" }).toString();
  return [publicPem, JSON.stringify(keys.rsaPublicJwk)].map((secret) => `${input}.${base64url(createHmac("sha256", secret).update(input).digest())}`);
}

/** Seconds since the epoch, far from any clock a backend might have. */
export const FAR_FUTURE = Date.UTC(2100, 0, 1) / 1000;
export const LONG_AGO = Date.UTC(2001, 0, 1) / 1000;
