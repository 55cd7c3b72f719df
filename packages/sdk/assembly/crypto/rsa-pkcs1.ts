// RSASSA-PKCS1-v1_5 verification (RFC 8017 sections 8.2.2 and 9.2): JWS
// RS256, RS384 and RS512 (RFC 7518 section 3.3). The expected encoded
// message is rebuilt whole and compared with the recovered one byte for
// byte, rather than parsed, so no ASN.1 leniency can be exploited.

import { constantTimeEqual } from "./constant-time";
import { HashAlg } from "./hash-function";
import { digest, hashLength, isHashAlg } from "./hash";
import { RsaPublicKey, recoverEncodedMessage } from "./rsa-key";

// DER of DigestInfo up to the digest bytes (RFC 8017 section 9.2, note 1).
const SHA256_DIGEST_INFO_PREFIX: StaticArray<u8> = [
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
];
const SHA384_DIGEST_INFO_PREFIX: StaticArray<u8> = [
  0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
];
const SHA512_DIGEST_INFO_PREFIX: StaticArray<u8> = [
  0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
];

function digestInfoPrefix(alg: HashAlg): StaticArray<u8> {
  if (alg == HashAlg.SHA384) return SHA384_DIGEST_INFO_PREFIX;
  if (alg == HashAlg.SHA512) return SHA512_DIGEST_INFO_PREFIX;
  return SHA256_DIGEST_INFO_PREFIX;
}

/**
 * EMSA-PKCS1-v1_5-ENCODE (section 9.2) of a message whose hash is
 * `messageHash`: 0x00 0x01 0xff..0xff 0x00 DigestInfo, `length` bytes, or
 * null when `length` is too short to hold it.
 */
function encodePkcs1(alg: HashAlg, messageHash: Uint8Array, length: i32): Uint8Array | null {
  const prefix = digestInfoPrefix(alg);
  const digestInfoLength = prefix.length + messageHash.length;
  // At least 8 bytes of 0xff padding (step 3).
  if (length < digestInfoLength + 11) return null;
  const encoded = new Uint8Array(length);
  encoded[1] = 0x01;
  const separator = length - digestInfoLength - 1;
  for (let i = 2; i < separator; i++) unchecked((encoded[i] = 0xff));
  for (let i = 0; i < prefix.length; i++) unchecked((encoded[separator + 1 + i] = prefix[i]));
  encoded.set(messageHash, separator + 1 + prefix.length);
  return encoded;
}

/**
 * True when `signature` is a valid RSASSA-PKCS1-v1_5 signature of
 * `message` under `key` with hash `alg`. Any malformed input is false.
 */
export function rsaVerifyPkcs1(key: RsaPublicKey, alg: HashAlg, message: Uint8Array, signature: Uint8Array): bool {
  if (!isHashAlg(alg)) return false;
  return rsaVerifyPkcs1Digest(key, alg, digest(alg, message), signature);
}

/** As `rsaVerifyPkcs1`, given the message's hash instead of the message. */
export function rsaVerifyPkcs1Digest(key: RsaPublicKey, alg: HashAlg, messageHash: Uint8Array, signature: Uint8Array): bool {
  if (!isHashAlg(alg) || messageHash.length != hashLength(alg)) return false;
  const recovered = recoverEncodedMessage(key, signature);
  if (recovered === null) return false;
  const expected = encodePkcs1(alg, messageHash, key.modulusBytes);
  if (expected === null) return false;
  return constantTimeEqual(recovered, expected);
}
