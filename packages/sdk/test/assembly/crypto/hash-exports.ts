// Thin exports over the hashes, HMAC, base64 and comparison, for the vitest
// suites that check them against node:crypto.

import {
  HashAlg, base64Decode, base64Encode, base64UrlDecode, base64UrlDecodeBytes, base64UrlEncode,
  constantTimeEqual, constantTimeEqualRange, digest, hmac, hmacSha256, hmacVerify, newHash, sha256, sha384, sha512,
} from "../../../assembly/crypto/index";

export function sha256Of(data: Uint8Array): Uint8Array {
  return sha256(data);
}

export function sha384Of(data: Uint8Array): Uint8Array {
  return sha384(data);
}

export function sha512Of(data: Uint8Array): Uint8Array {
  return sha512(data);
}

/** Hash `data` fed in pieces of `chunk` bytes, twice with one object (checks reset after digest). */
export function hashInChunks(alg: i32, data: Uint8Array, chunk: i32): Uint8Array | null {
  const hash = newHash(<HashAlg>alg);
  let first: Uint8Array | null = null;
  for (let round = 0; round < 2; round++) {
    for (let offset = 0; offset < data.length; offset += chunk) {
      hash.update(data.subarray(offset, min(offset + chunk, data.length)));
    }
    const result = hash.digest();
    if (first === null) first = result;
    else if (!constantTimeEqual(first, result)) return null;
  }
  return first;
}

export function digestOf(alg: i32, data: Uint8Array): Uint8Array {
  return digest(<HashAlg>alg, data);
}

export function hmacOf(alg: i32, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(<HashAlg>alg, key, data);
}

export function hmacSha256Of(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmacSha256(key, data);
}

export function hmacVerifyOf(alg: i32, key: Uint8Array, data: Uint8Array, tag: Uint8Array): bool {
  return hmacVerify(<HashAlg>alg, key, data, tag);
}

export function constantTimeEqualOf(a: Uint8Array, b: Uint8Array): bool {
  return constantTimeEqual(a, b);
}

export function constantTimeEqualRangeOf(a: Uint8Array, aOffset: i32, b: Uint8Array, bOffset: i32, length: i32): bool {
  return constantTimeEqualRange(a, aOffset, b, bOffset, length);
}

export function base64UrlDecodeOf(text: string): Uint8Array | null {
  return base64UrlDecode(text);
}

export function base64UrlDecodeBytesOf(source: Uint8Array, start: i32, end: i32): Uint8Array | null {
  return base64UrlDecodeBytes(source, start, end);
}

export function base64DecodeOf(text: string): Uint8Array | null {
  return base64Decode(text);
}

export function base64UrlEncodeOf(data: Uint8Array): string {
  return base64UrlEncode(data);
}

export function base64EncodeOf(data: Uint8Array): string {
  return base64Encode(data);
}
