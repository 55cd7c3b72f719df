// A provider's verification keys: parsed from a JWKS document (RFC 7517)
// once, at configure time or when a fetched JWKS arrives, never per request.
// Keys are imported (RSA limbs, EC point tables) here so that verifying a
// token only does the signature arithmetic.

import { JsonValue, parseJson } from "@envoyscript/sdk/assembly";
import { EcPublicKey, RsaPublicKey, importEcJwk, importRsaJwk } from "@envoyscript/sdk/assembly/crypto";
import { base64UrlDecode } from "@envoyscript/sdk/assembly/crypto";
import { JwtAlg, KeyKind, SUPPORTED_ALGORITHMS, algorithmByName, keyKindFor } from "./jwt-algorithm";

/** More keys than this in one JWKS is refused: every one may be tried for a token without "kid". */
export const MAX_JWKS_KEYS: i32 = 64;

/** One verification key. */
export class Jwk {
  rsa: RsaPublicKey | null = null;
  ec: EcPublicKey | null = null;
  secret: Uint8Array | null = null;

  constructor(
    public readonly kind: KeyKind,
    /** The key's "kid", or null when it has none. */
    public readonly kid: string | null,
    /** The key's "alg" (Unknown when the key does not pin one). */
    public readonly alg: JwtAlg,
  ) {}

  /** True when this key may verify a token signed with `alg`. */
  accepts(alg: JwtAlg): bool {
    if (keyKindFor(alg) != this.kind) return false;
    return this.alg == JwtAlg.Unknown || this.alg == alg;
  }
}

/** A JWKS, or why it was refused (the path inside the document and the reason). */
export class JwksParseResult {
  constructor(public readonly keys: Jwk[] | null, public readonly error: string) {}
  get ok(): bool {
    return this.keys !== null;
  }
}

function refused(error: string): JwksParseResult {
  return new JwksParseResult(null, error);
}

/** Parses JWKS text (`{"keys": [...]}`). */
export function parseJwksText(text: string): JwksParseResult {
  const parsed = parseJson(text, 16);
  if (!parsed.ok) return refused("not a JWKS document: " + parsed.error!.reason);
  return parseJwks(parsed.value!);
}

/** Parses a JWKS already read as JSON. */
export function parseJwks(document: JsonValue): JwksParseResult {
  if (!document.isObject()) return refused("a JWKS must be an object with a \"keys\" array");
  const list = document.get("keys");
  if (list === null || !list.isArray()) return refused("a JWKS must have a \"keys\" array");
  if (list.length > MAX_JWKS_KEYS) return refused("keys: " + list.length.toString() + " keys, more than " + MAX_JWKS_KEYS.toString());
  const keys = new Array<Jwk>();
  for (let i = 0; i < list.length; i++) {
    const member = list.at(i)!;
    const where = "keys[" + i.toString() + "]";
    if (!member.isObject()) return refused(where + ": a key must be an object");
    const use = member.get("use");
    if (use !== null && use.isString() && use.asString() == "enc") continue; // encryption keys never verify signatures
    const error = importKey(member, where, keys);
    if (error.length > 0) return refused(error);
  }
  if (keys.length == 0) return refused("keys: no signature key in the JWKS");
  return new JwksParseResult(keys, "");
}

/** Imports one JWK into `keys`; returns "" or the reason it was refused. */
function importKey(member: JsonValue, where: string, keys: Jwk[]): string {
  const kty = stringMember(member, "kty");
  if (kty === null) return where + ".kty: missing; use \"RSA\", \"EC\" or \"oct\"";
  const kid = stringMember(member, "kid");
  const algName = stringMember(member, "alg");
  let alg = JwtAlg.Unknown;
  if (algName !== null) {
    alg = algorithmByName(algName);
    if (alg == JwtAlg.Unknown) return where + ".alg: unknown algorithm \"" + algName + "\"; supported: " + SUPPORTED_ALGORITHMS;
  }
  if (kty == "RSA") return importRsa(member, where, kid, alg, keys);
  if (kty == "EC") return importEc(member, where, kid, alg, keys);
  if (kty == "oct") return importSecret(member, where, kid, alg, keys);
  return where + ".kty: unsupported key type \"" + kty + "\"; use \"RSA\", \"EC\" or \"oct\"";
}

function importRsa(member: JsonValue, where: string, kid: string | null, alg: JwtAlg, keys: Jwk[]): string {
  if (alg != JwtAlg.Unknown && keyKindFor(alg) != KeyKind.Rsa) return where + ".alg: an RSA key cannot verify this algorithm";
  const n = stringMember(member, "n");
  const e = stringMember(member, "e");
  if (n === null || e === null) return where + ": an RSA key needs \"n\" and \"e\"";
  const imported = importRsaJwk(n, e);
  if (!imported.ok) return where + ": " + imported.message;
  const key = new Jwk(KeyKind.Rsa, kid, alg);
  key.rsa = imported.key;
  keys.push(key);
  return "";
}

function importEc(member: JsonValue, where: string, kid: string | null, alg: JwtAlg, keys: Jwk[]): string {
  const crv = stringMember(member, "crv");
  const x = stringMember(member, "x");
  const y = stringMember(member, "y");
  if (crv === null || x === null || y === null) return where + ": an EC key needs \"crv\", \"x\" and \"y\"";
  const imported = importEcJwk(crv, x, y);
  if (!imported.ok) return where + ": " + imported.message;
  const kind = crv == "P-256" ? KeyKind.EcP256 : KeyKind.EcP384;
  if (alg != JwtAlg.Unknown && keyKindFor(alg) != kind) return where + ".alg: a " + crv + " key cannot verify this algorithm";
  const key = new Jwk(kind, kid, alg);
  key.ec = imported.key;
  keys.push(key);
  return "";
}

function importSecret(member: JsonValue, where: string, kid: string | null, alg: JwtAlg, keys: Jwk[]): string {
  if (alg != JwtAlg.Unknown && keyKindFor(alg) != KeyKind.Secret) return where + ".alg: an \"oct\" key can only verify HS256, HS384 or HS512";
  const k = stringMember(member, "k");
  if (k === null) return where + ".k: an \"oct\" key needs \"k\"";
  const secret = base64UrlDecode(k);
  if (secret === null || secret.length == 0) return where + ".k: not unpadded base64url";
  keys.push(secretKey(secret, kid, alg));
  return "";
}

/** A shared HMAC secret as a key (the `hmacSecret` setting). */
export function secretKey(secret: Uint8Array, kid: string | null, alg: JwtAlg): Jwk {
  const key = new Jwk(KeyKind.Secret, kid, alg);
  key.secret = secret;
  return key;
}

function stringMember(object: JsonValue, name: string): string | null {
  const value = object.get(name);
  if (value === null || !value.isString()) return null;
  return value.asString();
}
