// A small AssemblyScript module around the jwt-authz verification code,
// without the proxy-wasm host, so the benchmark can time it in Node.
// Built by ../jwt-verify.bench.ts with the asc API and the SDK preset's
// minimal runtime; like the SDK (packages/sdk/assembly/runtime/collection.ts)
// it collects garbage when the outermost call returns, so a timed run of
// many verifications pays its share of the collection.

import { parseJwksText, Jwk } from "../../assembly/jwt-authz/jwt/jwk-set";
import { decodeJwt } from "../../assembly/jwt-authz/jwt/jwt-token";
import { checkTimes, validUntil } from "../../assembly/jwt-authz/jwt/claims-check";
import { verifySignature } from "../../assembly/jwt-authz/jwt/signature-verifier";
import { JwtFailure } from "../../assembly/jwt-authz/jwt/jwt-failure";
import { TokenCache } from "../../assembly/jwt-authz/authn/token-cache";
import { VerifiedIdentity } from "../../assembly/jwt-authz/authn/identity";
/** AssemblyScript's `Runtime.Minimal`. */
const MINIMAL_RUNTIME: i32 = 1;

let keys: Jwk[] = [];
let cache = new TokenCache(0);

/** Loads the JWKS to verify with; false when it does not parse. */
export function loadJwks(text: string): bool {
  const parsed = parseJwksText(text);
  if (!parsed.ok) return false;
  keys = parsed.keys!;
  return true;
}

/** Replaces the token cache with an empty one of `capacity` entries. */
export function resetCache(capacity: i32): void {
  cache = new TokenCache(capacity);
}

/** Decodes, checks the times and the signature of `token`: the work of a cache miss. Returns a JwtFailure. */
export function verifyToken(token: string, nowSeconds: f64): i32 {
  const decoded = decodeJwt(token);
  if (decoded.jwt === null) return decoded.failure;
  const jwt = decoded.jwt!;
  const times = checkTimes(jwt, nowSeconds, 60);
  if (times != JwtFailure.None) return times;
  return verifySignature(jwt, keys);
}

/** As the filter does it: look up the cache, verify and remember on a miss. Returns a JwtFailure. */
export function verifyThroughCache(token: string, nowSeconds: f64): i32 {
  if (cache.find(token, nowSeconds) !== null) return JwtFailure.None;
  const decoded = decodeJwt(token);
  if (decoded.jwt === null) return decoded.failure;
  const jwt = decoded.jwt!;
  const failure = verifySignature(jwt, keys);
  if (failure != JwtFailure.None) return failure;
  cache.add(token, 0, new VerifiedIdentity(jwt.issuer, jwt.subject, jwt.audiences, jwt.presenter, jwt.payload, jwt.expiresAt), validUntil(jwt.expiresAt, 60));
  return JwtFailure.None;
}

/** `verifyToken` `times` times; the last result. */
export function verifyRepeatedly(token: string, nowSeconds: f64, times: i32): i32 {
  let result = 0;
  for (let i = 0; i < times; i++) result = verifyToken(token, nowSeconds);
  return atQuietPoint(result);
}

/** `verifyThroughCache` `times` times, alternating `first` and `second` (with capacity 1 every lookup misses). */
export function verifyThroughCacheRepeatedly(first: string, second: string, nowSeconds: f64, times: i32): i32 {
  let result = 0;
  for (let i = 0; i < times; i++) result = verifyThroughCache((i & 1) == 0 ? first : second, nowSeconds);
  return atQuietPoint(result);
}

/** The outermost call is returning: no managed value left in a wasm frame, so the minimal runtime may collect. */
function atQuietPoint(result: i32): i32 {
  if (ASC_RUNTIME == MINIMAL_RUNTIME) __collect();
  return result;
}
