// HMAC (RFC 2104, FIPS 198-1) over SHA-256, SHA-384 and SHA-512: the MACs
// behind JWS HS256, HS384 and HS512 (RFC 7518 section 3.2).

import { constantTimeEqual } from "./constant-time";
import { HashAlg, HashFunction } from "./hash-function";
import { isHashAlg, newHash } from "./hash";

const INNER_PAD: u8 = 0x36;
const OUTER_PAD: u8 = 0x5c;

/**
 * A streaming HMAC with the key fixed at construction: the padded key
 * blocks are built once, so one `Hmac` can check many messages.
 */
export class Hmac {
  private readonly inner: HashFunction;
  private readonly outer: HashFunction;
  private readonly innerKeyBlock: Uint8Array;
  private readonly outerKeyBlock: Uint8Array;

  constructor(alg: HashAlg, key: Uint8Array) {
    const inner = newHash(alg);
    const blockSize = inner.blockSize;
    // Keys longer than a block are hashed first (RFC 2104 section 2).
    let shortKey = key;
    if (key.length > blockSize) {
      inner.update(key);
      shortKey = inner.digest();
    }
    const innerKeyBlock = new Uint8Array(blockSize);
    const outerKeyBlock = new Uint8Array(blockSize);
    for (let i = 0; i < blockSize; i++) {
      const keyByte: u8 = i < shortKey.length ? unchecked(shortKey[i]) : 0;
      unchecked((innerKeyBlock[i] = keyByte ^ INNER_PAD));
      unchecked((outerKeyBlock[i] = keyByte ^ OUTER_PAD));
    }
    inner.update(innerKeyBlock);
    this.inner = inner;
    this.outer = newHash(alg);
    this.innerKeyBlock = innerKeyBlock;
    this.outerKeyBlock = outerKeyBlock;
  }

  /** Feeds message bytes. */
  update(data: Uint8Array): void {
    this.inner.update(data);
  }

  /** The tag of everything fed since construction or the last `digest`. */
  digest(): Uint8Array {
    const innerHash = this.inner.digest();
    this.outer.update(this.outerKeyBlock);
    this.outer.update(innerHash);
    const tag = this.outer.digest();
    this.inner.update(this.innerKeyBlock);
    return tag;
  }
}

/** HMAC of `data` under `key` with hash `alg`. */
export function hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array): Uint8Array {
  const mac = new Hmac(alg, key);
  mac.update(data);
  return mac.digest();
}

/** HMAC-SHA-256 (JWS HS256). */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(HashAlg.SHA256, key, data);
}

/** HMAC-SHA-384 (JWS HS384). */
export function hmacSha384(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(HashAlg.SHA384, key, data);
}

/** HMAC-SHA-512 (JWS HS512). */
export function hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(HashAlg.SHA512, key, data);
}

/**
 * True when `tag` is the HMAC of `data` under `key`, compared in constant
 * time. A tag of the wrong length, or an unknown `alg`, is false.
 */
export function hmacVerify(alg: HashAlg, key: Uint8Array, data: Uint8Array, tag: Uint8Array): bool {
  if (!isHashAlg(alg)) return false;
  return constantTimeEqual(hmac(alg, key, data), tag);
}
