// The cryptography JWT verification needs, written for proxy-wasm (which
// offers no host crypto): hashes, HMAC, base64url, and RSA and ECDSA
// signature verification. See README.md beside this file.

export { constantTimeEqual, constantTimeEqualRange } from "./constant-time";
export { HashAlg, HashFunction } from "./hash-function";
export { Sha256, sha256 } from "./sha256";
export { Sha384, Sha512, sha384, sha512 } from "./sha512";
export { digest, hashLength, isHashAlg, newHash } from "./hash";
export { Hmac, hmac, hmacSha256, hmacSha384, hmacSha512, hmacVerify } from "./hmac";
export {
  base64Decode, base64Encode, base64UrlDecode, base64UrlDecodeBytes, base64UrlEncode,
} from "./base64";
export { KeyImportCode, KeyImportResult } from "./key-import";
export {
  RSA_MAX_MODULUS_BITS, RSA_MIN_MODULUS_BITS, RsaPublicKey, importRsaJwk, importRsaKey,
} from "./rsa-key";
export { rsaVerifyPkcs1, rsaVerifyPkcs1Digest } from "./rsa-pkcs1";
export { PSS_ANY_SALT_LENGTH, PSS_SALT_LENGTH_OF_HASH, rsaVerifyPss, rsaVerifyPssDigest } from "./rsa-pss";
export { EllipticCurve } from "./ec";
export { curveByName, p256, p384 } from "./curves";
export { EcPublicKey, ecdsaVerify, ecdsaVerifyDigest, importEcJwk, importEcKey } from "./ecdsa";
