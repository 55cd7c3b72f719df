// Thin exports over key import and signature verification. Keys stay in
// this module; JavaScript holds them by index.

import {
  EcPublicKey, HashAlg, RsaPublicKey, ecdsaVerify, ecdsaVerifyDigest, importEcJwk, importRsaJwk, rsaVerifyPkcs1, rsaVerifyPss,
} from "../../../assembly/crypto/index";

const rsaKeys: RsaPublicKey[] = [];
const ecKeys: EcPublicKey[] = [];
let lastImportCode = "";
let lastImportMessage = "";

/** Imports an RSA JWK; returns its index, or -1 (see lastKeyImportCode). */
export function importRsa(n: string, e: string): i32 {
  const result = importRsaJwk(n, e);
  lastImportCode = result.code;
  lastImportMessage = result.message;
  const key = result.key;
  if (key === null) return -1;
  rsaKeys.push(key);
  return rsaKeys.length - 1;
}

/** Imports an EC JWK; returns its index, or -1 (see lastKeyImportCode). */
export function importEc(crv: string, x: string, y: string): i32 {
  const result = importEcJwk(crv, x, y);
  lastImportCode = result.code;
  lastImportMessage = result.message;
  const key = result.key;
  if (key === null) return -1;
  ecKeys.push(key);
  return ecKeys.length - 1;
}

export function lastKeyImportCode(): string {
  return lastImportCode;
}

export function lastKeyImportMessage(): string {
  return lastImportMessage;
}

export function verifyRsaPkcs1(key: i32, alg: i32, message: Uint8Array, signature: Uint8Array): bool {
  return rsaVerifyPkcs1(rsaKeys[key], <HashAlg>alg, message, signature);
}

export function verifyRsaPss(key: i32, alg: i32, message: Uint8Array, signature: Uint8Array, saltLength: i32): bool {
  return rsaVerifyPss(rsaKeys[key], <HashAlg>alg, message, signature, saltLength);
}

export function verifyEcdsa(key: i32, alg: i32, message: Uint8Array, signature: Uint8Array): bool {
  return ecdsaVerify(ecKeys[key], <HashAlg>alg, message, signature);
}

/** ECDSA verification of a hash the caller chose (crafted edge cases). */
export function verifyEcdsaDigest(key: i32, messageHash: Uint8Array, signature: Uint8Array): bool {
  return ecdsaVerifyDigest(ecKeys[key], messageHash, signature);
}

/** Verifies `times` times (for timing from JavaScript); true when every round passed. */
export function verifyRsaPkcs1Repeatedly(key: i32, alg: i32, message: Uint8Array, signature: Uint8Array, times: i32): bool {
  let ok = true;
  for (let i = 0; i < times; i++) ok = ok && rsaVerifyPkcs1(rsaKeys[key], <HashAlg>alg, message, signature);
  return ok;
}

/** Verifies `times` times (for timing from JavaScript); true when every round passed. */
export function verifyEcdsaRepeatedly(key: i32, alg: i32, message: Uint8Array, signature: Uint8Array, times: i32): bool {
  let ok = true;
  for (let i = 0; i < times; i++) ok = ok && ecdsaVerify(ecKeys[key], <HashAlg>alg, message, signature);
  return ok;
}
