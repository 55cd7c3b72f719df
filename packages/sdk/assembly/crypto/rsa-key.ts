// RSA public keys (RFC 8017 section 3.1) imported once from a JWK (RFC 7518
// section 6.3.1), with the Montgomery context for the modulus built at
// import, and the RSAVP1 primitive (RFC 8017 section 5.2.2) that both
// signature schemes start from.

import { base64UrlDecode } from "./base64";
import { bitLength, limbsForBytes, limbsFromBytes } from "./bigint";
import { KeyImportCode, KeyImportResult, keyImported, keyRefused, quoteForMessage } from "./key-import";
import { WideMontgomery } from "./montgomery-wide";

/** Smallest modulus accepted: RFC 7518 section 3.3 requires 2048 bits. */
export const RSA_MIN_MODULUS_BITS: i32 = 2048;
/** Largest modulus accepted; bounds the work a hostile key can cause. */
export const RSA_MAX_MODULUS_BITS: i32 = 8192;

/** An RSA public key ready for verification. */
export class RsaPublicKey {
  constructor(
    /** Modulus arithmetic, built once at import. */
    readonly context: WideMontgomery,
    /** The public exponent e. */
    readonly exponent: u32,
    /** Bits in the modulus n. */
    readonly modulusBits: i32,
  ) {}

  /** k in RFC 8017: the modulus length in bytes, and every signature's length. */
  get modulusBytes(): i32 {
    return (this.modulusBits + 7) >> 3;
  }

  /** The key for JWK members `n` and `e` (base64url), or null when refused. */
  static fromJwk(n: string, e: string): RsaPublicKey | null {
    return importRsaJwk(n, e).key;
  }
}

/** Imports JWK members `n` and `e`, saying why when the key is refused. */
export function importRsaJwk(n: string, e: string): KeyImportResult<RsaPublicKey> {
  const modulus = base64UrlDecode(n);
  if (modulus === null) {
    return keyRefused<RsaPublicKey>(KeyImportCode.BAD_BASE64URL,
      "JWK member \"n\" " + quoteForMessage(n) + " is not unpadded base64url: give the RSA modulus as RFC 7518 section 6.3.1.1 says");
  }
  const exponent = base64UrlDecode(e);
  if (exponent === null) {
    return keyRefused<RsaPublicKey>(KeyImportCode.BAD_BASE64URL,
      "JWK member \"e\" " + quoteForMessage(e) + " is not unpadded base64url: give the RSA exponent as RFC 7518 section 6.3.1.2 says (65537 is \"AQAB\")");
  }
  return importRsaKey(modulus, exponent);
}

/** Imports an RSA public key from the big-endian bytes of n and e. */
export function importRsaKey(modulusBytes: Uint8Array, exponentBytes: Uint8Array): KeyImportResult<RsaPublicKey> {
  const modulus = limbsFromBytes(modulusBytes, limbsForBytes(modulusBytes.length));
  const bits = modulus === null ? 0 : bitLength(modulus);
  if (modulus === null || bits < RSA_MIN_MODULUS_BITS || bits > RSA_MAX_MODULUS_BITS) {
    return keyRefused<RsaPublicKey>(KeyImportCode.RSA_BAD_MODULUS,
      "RSA modulus has " + bits.toString() + " bits: use a key of " + RSA_MIN_MODULUS_BITS.toString() +
      " to " + RSA_MAX_MODULUS_BITS.toString() + " bits");
  }
  const context = WideMontgomery.create(modulusBytes);
  if (context === null) {
    return keyRefused<RsaPublicKey>(KeyImportCode.RSA_BAD_MODULUS,
      "RSA modulus is even, so it is not a product of two odd primes: check that \"n\" is the key's modulus");
  }
  const exponent = limbsFromBytes(exponentBytes, 1);
  if (exponent === null || (unchecked(exponent[0]) & 1) == 0 || unchecked(exponent[0]) < 3) {
    const shown = exponent === null ? "wider than 32 bits" : unchecked(exponent[0]).toString();
    return keyRefused<RsaPublicKey>(KeyImportCode.RSA_BAD_EXPONENT,
      "RSA public exponent " + shown + " is not accepted: use an odd exponent from 3 to 4294967295 (normally 65537)");
  }
  return keyImported<RsaPublicKey>(new RsaPublicKey(context, unchecked(exponent[0]), bits));
}

/**
 * RSAVP1: the encoded message `signature^e mod n` as k bytes, or null when
 * the signature is not k bytes long or not below n (RFC 8017 section 8.1.2
 * step 1 and section 5.2.2 step 1).
 */
export function recoverEncodedMessage(key: RsaPublicKey, signature: Uint8Array): Uint8Array | null {
  const k = key.modulusBytes;
  if (signature.length != k) return null;
  return key.context.powerOfBytes(signature, key.exponent, k);
}
