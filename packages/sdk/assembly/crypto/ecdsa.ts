// ECDSA verification (FIPS 186-4 section 6.4.2; SEC 1 section 4.1.4) for
// JWS ES256 and ES384 (RFC 7518 section 3.4), whose signatures are the
// fixed-width big-endian r || s rather than DER.

import { base64UrlDecode } from "./base64";
import { isZeroLimbs, limbsFromBytes } from "./bigint";
import { curveByName } from "./curves";
import { EllipticCurve, PointTable } from "./ec";
import { HashAlg } from "./hash-function";
import { digest, isHashAlg } from "./hash";
import { KeyImportCode, KeyImportResult, keyImported, keyRefused, quoteForMessage } from "./key-import";
import { inverseModOdd } from "./modular-inverse";

/** An EC public key, checked to lie on its curve, with its multiples table built once. */
export class EcPublicKey {
  constructor(
    readonly curve: EllipticCurve,
    /** Odd multiples of Q for the windowed multiplication. */
    readonly table: PointTable,
  ) {}

  /** The key for JWK members `crv`, `x` and `y`, or null when refused. */
  static fromJwk(crv: string, x: string, y: string): EcPublicKey | null {
    return importEcJwk(crv, x, y).key;
  }
}

/** Imports JWK members `crv`, `x` and `y` (RFC 7518 section 6.2.1), saying why when refused. */
export function importEcJwk(crv: string, x: string, y: string): KeyImportResult<EcPublicKey> {
  const curve = curveByName(crv);
  if (curve === null) {
    return keyRefused<EcPublicKey>(KeyImportCode.EC_UNSUPPORTED_CURVE,
      "JWK \"crv\" " + quoteForMessage(crv) + " is not supported: use \"P-256\" (ES256) or \"P-384\" (ES384)");
  }
  const xBytes = base64UrlDecode(x);
  const yBytes = base64UrlDecode(y);
  if (xBytes === null || yBytes === null) {
    const name = xBytes === null ? "x" : "y";
    return keyRefused<EcPublicKey>(KeyImportCode.BAD_BASE64URL,
      "JWK member \"" + name + "\" " + quoteForMessage(xBytes === null ? x : y) + " is not unpadded base64url");
  }
  return importEcKey(curve, xBytes, yBytes);
}

/** Imports the affine point (x, y), each exactly the curve's byte length, big-endian. */
export function importEcKey(curve: EllipticCurve, x: Uint8Array, y: Uint8Array): KeyImportResult<EcPublicKey> {
  // RFC 7518 section 6.2.1.2: coordinates are always full length.
  if (x.length != curve.byteLength || y.length != curve.byteLength) {
    return keyRefused<EcPublicKey>(KeyImportCode.EC_BAD_COORDINATE,
      curve.name + " coordinates must be " + curve.byteLength.toString() + " bytes; got x of " +
      x.length.toString() + " and y of " + y.length.toString() + ": check the key's \"crv\"");
  }
  if (!curve.isCoordinate(x) || !curve.isCoordinate(y)) {
    return keyRefused<EcPublicKey>(KeyImportCode.EC_BAD_COORDINATE,
      curve.name + " coordinates must be below the field prime: the key is malformed");
  }
  // Cofactor 1: a point on the curve (never infinity in affine form) is a valid public key.
  if (!curve.isOnCurve(x, y)) {
    return keyRefused<EcPublicKey>(KeyImportCode.EC_POINT_NOT_ON_CURVE,
      "the point (x, y) is not on " + curve.name + ": the key is corrupt or belongs to another curve");
  }
  const table = curve.keyTable(x, y);
  return keyImported<EcPublicKey>(new EcPublicKey(curve, table));
}

/**
 * True when `signature` (JWS form: r || s, each the curve's byte length)
 * is a valid ECDSA signature of `message` under `key` with hash `alg`.
 * JWS pairs ES256 with P-256 and SHA-256, ES384 with P-384 and SHA-384;
 * the caller picks the key and hash for the token's "alg".
 */
export function ecdsaVerify(key: EcPublicKey, alg: HashAlg, message: Uint8Array, signature: Uint8Array): bool {
  if (!isHashAlg(alg)) return false;
  return ecdsaVerifyDigest(key, digest(alg, message), signature);
}

/** As `ecdsaVerify`, given the message's hash instead of the message. */
export function ecdsaVerifyDigest(key: EcPublicKey, messageHash: Uint8Array, signature: Uint8Array): bool {
  const curve = key.curve;
  const size = curve.byteLength;
  if (signature.length != 2 * size) return false;
  const order = curve.order;
  const r = limbsFromBytes(signature.subarray(0, size), curve.limbs)!;
  const s = limbsFromBytes(signature.subarray(size), curve.limbs)!;
  // r and s must lie in [1, n-1].
  if (isZeroLimbs(r) || isZeroLimbs(s) || !order.isReduced(r) || !order.isReduced(s)) return false;

  // e: the leftmost bits of the hash, as many as n has (8 * size here), below 2n so one subtraction reduces it.
  const leftmost = messageHash.length > size ? messageHash.subarray(0, size) : messageHash;
  const e = limbsFromBytes(leftmost, curve.limbs)!;
  order.reduceOnce(e);

  // u1 = e/s, u2 = r/s (mod n). A plain value times a Montgomery one comes out plain.
  const sInverse = order.newValue();
  order.toMontgomery(sInverse, inverseModOdd(s, order.modulus));
  const u1 = order.newValue();
  const u2 = order.newValue();
  order.multiply(u1, e, sInverse);
  order.multiply(u2, r, sInverse);
  return curve.combinationMatches(u1, u2, key.table, r);
}
