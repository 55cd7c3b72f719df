// The token cache alone, with its hash replaceable: ../token-cache-collisions.test.ts
// makes every token collide to show that the exact token comparison, not the
// cheap hash, decides a hit.

import { TokenCache } from "../../../assembly/jwt-authz/authn/token-cache";
import { tokenHash as cacheTokenHash } from "../../../assembly/jwt-authz/authn/token-hash";
import { VerifiedIdentity } from "../../../assembly/jwt-authz/authn/identity";
import { JsonValue } from "@envoyscript/sdk/assembly";

/** The worst hash there is: every token lands in the same slot. */
function everyTokenCollides(pointer: usize, length: usize): u64 {
  return 42;
}

let cache = new TokenCache(0);

/** An empty cache of `capacity` entries, hashing with its own hash or, when `colliding`, with a constant. */
export function resetCache(capacity: i32, colliding: bool): void {
  cache = colliding ? new TokenCache(capacity, everyTokenCollides) : new TokenCache(capacity);
}

/** Caches `token` as verified for `subject`, valid until `validUntil` (seconds). */
export function remember(token: string, subject: string, validUntil: f64): void {
  const identity = new VerifiedIdentity("https://issuer.test", subject, [], "", JsonValue.newObject(), validUntil);
  cache.add(token, 0, identity, validUntil);
}

/** The subject cached for exactly `token` at `nowSeconds`, or null on a miss. */
export function lookup(token: string, nowSeconds: f64): string | null {
  const cached = cache.find(token, nowSeconds);
  return cached === null ? null : cached.identity.subject;
}

export function cacheSize(): i32 {
  return cache.size;
}

/** The cache's hash of `token`'s UTF-8 bytes. */
export function tokenHash(token: string): u64 {
  const bytes = String.UTF8.encode(token);
  return cacheTokenHash(changetype<usize>(bytes), <usize>bytes.byteLength);
}
