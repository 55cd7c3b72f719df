// The shape every hash here shares, so HMAC, RSA padding and ECDSA can be
// written once for SHA-256, SHA-384 and SHA-512.

/** The hash algorithms used by JWS (RFC 7518 section 3). */
export enum HashAlg {
  SHA256 = 0,
  SHA384 = 1,
  SHA512 = 2,
}

/**
 * A streaming hash: `update` any number of times, then `digest`, which
 * returns the hash and resets the object so it can be used again.
 */
export abstract class HashFunction {
  constructor(
    /** Bytes per compression block (64 for SHA-256, 128 for SHA-384/512). */
    public readonly blockSize: i32,
    /** Bytes in the digest. */
    public readonly outputSize: i32,
  ) {}

  /** Feeds `data` into the hash. */
  abstract update(data: Uint8Array): void;

  /** Finishes the hash, returns the digest and resets to the initial state. */
  abstract digest(): Uint8Array;

  /** Forgets everything fed so far. */
  abstract reset(): void;
}
