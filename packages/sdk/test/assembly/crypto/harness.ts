// Entry of the crypto test harness module that the vitest suites compile
// with asc (see test/crypto-harness.ts).

export {
  base64DecodeOf, base64EncodeOf, base64UrlDecodeBytesOf, base64UrlDecodeOf, base64UrlEncodeOf,
  constantTimeEqualOf, constantTimeEqualRangeOf, digestOf, hashInChunks, hmacOf, hmacSha256Of, hmacVerifyOf,
  sha256Of, sha384Of, sha512Of,
} from "./hash-exports";
export {
  inverseMod, modMultiply, modPow, wideMultiply, widePower, wideShape, wideSquare, wnafOf,
} from "./bigint-exports";
export { fieldOperation, fieldShape } from "./field-exports";
export {
  importEc, importRsa, lastKeyImportCode, lastKeyImportMessage, verifyEcdsa, verifyEcdsaDigest, verifyEcdsaRepeatedly,
  verifyRsaPkcs1, verifyRsaPkcs1Repeatedly, verifyRsaPss,
} from "./key-exports";
