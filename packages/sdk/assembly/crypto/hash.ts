// Picks a hash by `HashAlg`, so callers that take an algorithm (HMAC, RSA,
// ECDSA) need not know the classes.

import { HashAlg, HashFunction } from "./hash-function";
import { Sha256 } from "./sha256";
import { Sha384, Sha512 } from "./sha512";

/** True when `alg` names one of the hashes here. */
export function isHashAlg(alg: HashAlg): bool {
  return alg == HashAlg.SHA256 || alg == HashAlg.SHA384 || alg == HashAlg.SHA512;
}

/** Digest size in bytes of `alg`, or 0 when `alg` is not a known hash. */
export function hashLength(alg: HashAlg): i32 {
  if (alg == HashAlg.SHA256) return 32;
  if (alg == HashAlg.SHA384) return 48;
  if (alg == HashAlg.SHA512) return 64;
  return 0;
}

/**
 * A fresh streaming hash for `alg`. `alg` comes from code, never from a
 * token, so an unknown value is a programming error and aborts; functions
 * that take an algorithm check `isHashAlg` first.
 */
export function newHash(alg: HashAlg): HashFunction {
  if (alg == HashAlg.SHA256) return new Sha256();
  if (alg == HashAlg.SHA384) return new Sha384();
  if (alg == HashAlg.SHA512) return new Sha512();
  throw new Error("unknown HashAlg " + (<i32>alg).toString() + ": use HashAlg.SHA256, SHA384 or SHA512");
}

/** The hash of `data` under `alg` in one call. */
export function digest(alg: HashAlg, data: Uint8Array): Uint8Array {
  const hash = newHash(alg);
  hash.update(data);
  return hash.digest();
}
