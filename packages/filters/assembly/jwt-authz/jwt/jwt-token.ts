// Splitting and decoding a compact JWS (RFC 7515 section 7.1) without
// trusting anything in it: size-bounded, strict base64url, UTF-8-checked JSON
// with a depth limit, duplicate members refused. Nothing here traps on input.

import { JsonValue, parseJsonBytes } from "@envoyscript/sdk/assembly";
import { base64UrlDecodeBytes } from "@envoyscript/sdk/assembly/crypto";
import { JwtAlg, algorithmByName } from "./jwt-algorithm";
import { JwtFailure } from "./jwt-failure";

/** Tokens longer than this are refused before any decoding. */
export const MAX_TOKEN_LENGTH: i32 = 16384;
/** Nesting allowed in the header (flat in practice). */
const HEADER_MAX_DEPTH: i32 = 4;
/** Nesting allowed in the payload (claims may hold objects; not very deep ones). */
const PAYLOAD_MAX_DEPTH: i32 = 16;

/** A decoded token whose signature is not yet checked. */
export class DecodedJwt {
  alg: JwtAlg = JwtAlg.Unknown;
  kid: string | null = null;
  payload: JsonValue = JsonValue.newObject();
  /** The ASCII bytes `header.payload` the signature covers. */
  signingInput: Uint8Array = new Uint8Array(0);
  signature: Uint8Array = new Uint8Array(0);
  issuer: string = "";
  subject: string = "";
  /** The "aud" claim as a list (a single string becomes one item). */
  audiences: string[] = [];
  presenter: string = "";
  /** "exp" in seconds, or NaN when absent. */
  expiresAt: f64 = NaN;
  /** "nbf" in seconds, or NaN when absent. */
  notBefore: f64 = NaN;

  constructor(public readonly token: string) {}
}

/** A decoded token or why it could not be decoded. */
export class DecodeResult {
  constructor(public readonly jwt: DecodedJwt | null, public readonly failure: JwtFailure) {}
}

function fail(failure: JwtFailure): DecodeResult {
  return new DecodeResult(null, failure);
}

/** Decodes `token` (header, payload, signature; claims read and type-checked). */
export function decodeJwt(token: string): DecodeResult {
  if (token.length > MAX_TOKEN_LENGTH) return fail(JwtFailure.TooLarge);
  const bytes = Uint8Array.wrap(String.UTF8.encode(token));
  const firstDot = bytes.indexOf(0x2e);
  const secondDot = firstDot < 0 ? -1 : bytes.indexOf(0x2e, firstDot + 1);
  if (firstDot <= 0 || secondDot <= firstDot + 1 || bytes.indexOf(0x2e, secondDot + 1) >= 0) return fail(JwtFailure.Malformed);
  const headerBytes = base64UrlDecodeBytes(bytes, 0, firstDot);
  const payloadBytes = base64UrlDecodeBytes(bytes, firstDot + 1, secondDot);
  if (headerBytes === null || payloadBytes === null) return fail(JwtFailure.BadBase64);
  const jwt = new DecodedJwt(token);
  const headerFailure = readHeader(jwt, headerBytes);
  if (headerFailure != JwtFailure.None) return fail(headerFailure);
  // An empty signature is what "alg: none" tokens carry; refused even if the header lied.
  if (secondDot == bytes.length - 1) return fail(JwtFailure.Malformed);
  const signature = base64UrlDecodeBytes(bytes, secondDot + 1, bytes.length);
  if (signature === null) return fail(JwtFailure.BadBase64);
  const payloadFailure = readPayload(jwt, payloadBytes);
  if (payloadFailure != JwtFailure.None) return fail(payloadFailure);
  jwt.signingInput = bytes.subarray(0, secondDot);
  jwt.signature = signature;
  return new DecodeResult(jwt, JwtFailure.None);
}

function readHeader(jwt: DecodedJwt, bytes: Uint8Array): JwtFailure {
  const header = parseObject(bytes, HEADER_MAX_DEPTH);
  if (header === null) return JwtFailure.BadHeader;
  if (hasDuplicateMember(header)) return JwtFailure.DuplicateMember;
  const alg = header.get("alg");
  if (alg === null || !alg.isString()) return JwtFailure.BadHeader;
  if (alg.asString().toLowerCase() == "none") return JwtFailure.AlgNone;
  jwt.alg = algorithmByName(alg.asString());
  if (jwt.alg == JwtAlg.Unknown) return JwtFailure.UnsupportedAlg;
  // "crit" names extensions the verifier must understand; this one understands none.
  if (header.has("crit")) return JwtFailure.UnsupportedAlg;
  const kid = header.get("kid");
  if (kid !== null) {
    if (!kid.isString()) return JwtFailure.BadHeader;
    jwt.kid = kid.asString();
  }
  return JwtFailure.None;
}

function readPayload(jwt: DecodedJwt, bytes: Uint8Array): JwtFailure {
  const payload = parseObject(bytes, PAYLOAD_MAX_DEPTH);
  if (payload === null) return JwtFailure.BadPayload;
  if (hasDuplicateMember(payload)) return JwtFailure.DuplicateMember;
  jwt.payload = payload;
  if (!readString(payload, "iss", jwt, 0)) return JwtFailure.BadClaimType;
  if (!readString(payload, "sub", jwt, 1)) return JwtFailure.BadClaimType;
  if (!readString(payload, "azp", jwt, 2)) return JwtFailure.BadClaimType;
  if (!readAudiences(payload, jwt)) return JwtFailure.BadClaimType;
  jwt.expiresAt = readNumericDate(payload, "exp");
  jwt.notBefore = readNumericDate(payload, "nbf");
  if (isBadDate(payload, "exp") || isBadDate(payload, "nbf")) return JwtFailure.BadClaimType;
  return JwtFailure.None;
}

/** The JSON object in `bytes`, or null for anything else (syntax, UTF-8, depth, size). */
function parseObject(bytes: Uint8Array, maxDepth: i32): JsonValue | null {
  const copy = bytes.slice().buffer;
  const parsed = parseJsonBytes(copy, maxDepth);
  if (!parsed.ok) return null;
  const value = parsed.value!;
  return value.isObject() ? value : null;
}

/** True when a member name appears twice (RFC 7519 section 4 lets a verifier refuse). */
export function hasDuplicateMember(object: JsonValue): bool {
  const seen = new Set<string>();
  for (let i = 0; i < object.length; i++) {
    const key = object.keyAt(i);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function readString(payload: JsonValue, name: string, jwt: DecodedJwt, slot: i32): bool {
  const value = payload.get(name);
  if (value === null) return true;
  if (!value.isString()) return false;
  if (slot == 0) jwt.issuer = value.asString();
  else if (slot == 1) jwt.subject = value.asString();
  else jwt.presenter = value.asString();
  return true;
}

function readAudiences(payload: JsonValue, jwt: DecodedJwt): bool {
  const value = payload.get("aud");
  if (value === null) return true;
  if (value.isString()) {
    jwt.audiences.push(value.asString());
    return true;
  }
  if (!value.isArray()) return false;
  for (let i = 0; i < value.length; i++) {
    const item = value.at(i)!;
    if (!item.isString()) return false;
    jwt.audiences.push(item.asString());
  }
  return true;
}

function readNumericDate(payload: JsonValue, name: string): f64 {
  const value = payload.get(name);
  return value !== null && value.isNumber() ? value.asNumber() : NaN;
}

function isBadDate(payload: JsonValue, name: string): bool {
  const value = payload.get(name);
  return value !== null && !value.isNumber();
}
