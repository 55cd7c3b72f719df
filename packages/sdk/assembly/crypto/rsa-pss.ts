// RSASSA-PSS verification (RFC 8017 sections 8.1.2 and 9.1.2) with MGF1
// (appendix B.2.1) over the same hash: JWS PS256, PS384 and PS512, whose
// salt is as long as the hash (RFC 7518 section 3.5).

import { constantTimeEqual } from "./constant-time";
import { HashAlg } from "./hash-function";
import { digest, hashLength, isHashAlg, newHash } from "./hash";
import { RsaPublicKey, recoverEncodedMessage } from "./rsa-key";

/** Pass as `saltLength` to accept any salt length, as RFC 8017 verification allows. */
export const PSS_ANY_SALT_LENGTH: i32 = -1;
/** Pass as `saltLength` for a salt as long as the hash, as JWS requires (the default). */
export const PSS_SALT_LENGTH_OF_HASH: i32 = -2;

const TRAILER: u8 = 0xbc;

/** MGF1 (RFC 8017 appendix B.2.1): `length` mask bytes from `seed`. */
export function mgf1(alg: HashAlg, seed: Uint8Array, length: i32): Uint8Array {
  const hash = newHash(alg);
  const mask = new Uint8Array(length);
  const counterBytes = new Uint8Array(4);
  let filled = 0;
  for (let counter: u32 = 0; filled < length; counter++) {
    store<u32>(counterBytes.dataStart, bswap<u32>(counter));
    hash.update(seed);
    hash.update(counterBytes);
    const block = hash.digest();
    const take = min(block.length, length - filled);
    memory.copy(mask.dataStart + <usize>filled, block.dataStart, <usize>take);
    filled += take;
  }
  return mask;
}

/**
 * True when `signature` is a valid RSASSA-PSS signature of `message` under
 * `key`, with `alg` for the message hash and MGF1. `saltLength` is a byte
 * count, `PSS_SALT_LENGTH_OF_HASH` (JWS) or `PSS_ANY_SALT_LENGTH`.
 */
export function rsaVerifyPss(
  key: RsaPublicKey, alg: HashAlg, message: Uint8Array, signature: Uint8Array,
  saltLength: i32 = PSS_SALT_LENGTH_OF_HASH,
): bool {
  if (!isHashAlg(alg)) return false;
  return rsaVerifyPssDigest(key, alg, digest(alg, message), signature, saltLength);
}

/** As `rsaVerifyPss`, given the message's hash instead of the message. */
export function rsaVerifyPssDigest(
  key: RsaPublicKey, alg: HashAlg, messageHash: Uint8Array, signature: Uint8Array,
  saltLength: i32 = PSS_SALT_LENGTH_OF_HASH,
): bool {
  const hLen = hashLength(alg);
  if (hLen == 0 || messageHash.length != hLen) return false;
  if (saltLength == PSS_SALT_LENGTH_OF_HASH) saltLength = hLen;
  if (saltLength < PSS_ANY_SALT_LENGTH) return false;
  const recovered = recoverEncodedMessage(key, signature);
  if (recovered === null) return false;

  // The encoded message has emBits = modBits - 1 bits, in emLen bytes; when
  // that is one byte less than k, the top byte recovered must be zero.
  const emBits = key.modulusBits - 1;
  const emLen = (emBits + 7) >> 3;
  const skipped = recovered.length - emLen;
  if (skipped == 1 && unchecked(recovered[0]) != 0) return false;
  const encoded = recovered.subarray(skipped);

  // Steps 3-6: room for the hash and the 0x01 separator, the trailer, the
  // unused top bits clear.
  const minimumSalt = saltLength == PSS_ANY_SALT_LENGTH ? 0 : saltLength;
  if (emLen < hLen + minimumSalt + 2) return false;
  if (unchecked(encoded[emLen - 1]) != TRAILER) return false;
  const dbLength = emLen - hLen - 1;
  const unusedTopBits = 8 * emLen - emBits;
  const topMask: u32 = <u32>0xff >> <u32>unusedTopBits;
  if ((<u32>unchecked(encoded[0]) & ~topMask) != 0) return false;

  // Steps 7-9: unmask the data block DB = PS (zeros) || 0x01 || salt.
  const storedHash = encoded.subarray(dbLength, dbLength + hLen);
  const dataBlock = mgf1(alg, storedHash, dbLength);
  for (let i = 0; i < dbLength; i++) unchecked((dataBlock[i] ^= encoded[i]));
  unchecked((dataBlock[0] &= <u8>topMask));

  // Step 10: find the separator where the salt length says it is.
  let separator = 0;
  while (separator < dbLength && unchecked(dataBlock[separator]) == 0) separator++;
  if (separator == dbLength || unchecked(dataBlock[separator]) != 0x01) return false;
  const salt = dataBlock.subarray(separator + 1);
  if (saltLength != PSS_ANY_SALT_LENGTH && salt.length != saltLength) return false;

  // Steps 12-14: H' = Hash(0x00 * 8 || mHash || salt) must equal H.
  const hash = newHash(alg);
  hash.update(new Uint8Array(8));
  hash.update(messageHash);
  hash.update(salt);
  return constantTimeEqual(hash.digest(), storedHash);
}
