// RSASSA-PKCS1-v1_5 and RSASSA-PSS verification against signatures made by
// node:crypto with keys generated here, imported through their JWK form.
import { constants, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { HashAlg, NODE_HASH_NAMES, loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";

const PSS_ANY_SALT_LENGTH = -1;
const PSS_SALT_LENGTH_OF_HASH = -2;

let harness: CryptoHarness;
beforeAll(async () => {
  harness = await loadCryptoHarness();
});

interface RsaPair { privateKey: KeyObject; n: string; e: string }

function rsaPair(modulusLength: number, publicExponent = 65537): RsaPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength, publicExponent });
  const jwk = publicKey.export({ format: "jwk" });
  return { privateKey, n: jwk.n!, e: jwk.e! };
}

function importKey(pair: { n: string; e: string }): number {
  const handle = harness.importRsa(pair.n, pair.e);
  if (handle < 0) throw new Error(`key refused: ${harness.lastKeyImportMessage()}`);
  return handle;
}

const signPkcs1 = (alg: number, message: Uint8Array, key: KeyObject) => new Uint8Array(sign(NODE_HASH_NAMES[alg], message, key));
const signPss = (alg: number, message: Uint8Array, key: KeyObject, saltLength: number) =>
  new Uint8Array(sign(NODE_HASH_NAMES[alg], message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }));
const hashLength = (alg: number) => [32, 48, 64][alg];
const flipBit = (bytes: Uint8Array, bit: number) => {
  const copy = bytes.slice();
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
};
const message = () => new Uint8Array(randomBytes(150));

describe("RSA key import", () => {
  const pair = rsaPair(2048);

  it("refuses what cannot be a usable key, with a stable code and without trapping", () => {
    const small = rsaPair(1024);
    const refusals: [string, string, string][] = [
      [small.n, small.e, "CRYPTO_KEY_RSA_BAD_MODULUS"],
      ["", "AQAB", "CRYPTO_KEY_RSA_BAD_MODULUS"],
      ["AA", "AQAB", "CRYPTO_KEY_RSA_BAD_MODULUS"],
      [Buffer.alloc(1025, 0xff).toString("base64url"), "AQAB", "CRYPTO_KEY_RSA_BAD_MODULUS"], // 8200 bits
      [pair.n.slice(0, -1) + "A", "AQAB", "CRYPTO_KEY_RSA_BAD_MODULUS"], // even
      [pair.n + "=", "AQAB", "CRYPTO_KEY_BAD_BASE64URL"],
      [pair.n, "AQA+", "CRYPTO_KEY_BAD_BASE64URL"],
      [pair.n, "AQAA", "CRYPTO_KEY_RSA_BAD_EXPONENT"], // 65536, even
      [pair.n, "AQ", "CRYPTO_KEY_RSA_BAD_EXPONENT"], // 1
      [pair.n, "", "CRYPTO_KEY_RSA_BAD_EXPONENT"], // 0
      [pair.n, "AQAAAAE", "CRYPTO_KEY_RSA_BAD_EXPONENT"], // 2^32 + 1, wider than 32 bits
    ];
    for (const [n, e, code] of refusals) {
      expect(harness.importRsa(n, e), `${n.slice(0, 12)}.. / ${e}`).toBe(-1);
      expect(harness.lastKeyImportCode()).toBe(code);
      expect(harness.lastKeyImportMessage().length).toBeGreaterThan(20);
    }
  });

  it("accepts a modulus written with a leading zero byte", () => {
    const padded = Buffer.concat([Buffer.alloc(1), Buffer.from(pair.n, "base64url")]).toString("base64url");
    const data = message();
    expect(harness.verifyRsaPkcs1(importKey({ n: padded, e: pair.e }), HashAlg.SHA256, data, signPkcs1(HashAlg.SHA256, data, pair.privateKey))).toBe(true);
  });
});

describe("RSASSA-PKCS1-v1_5 (RS256, RS384, RS512)", () => {
  const pair = rsaPair(2048);
  const other = rsaPair(2048);
  let key: number;
  let otherKey: number;
  beforeAll(() => {
    key = importKey(pair);
    otherKey = importKey(other);
  });

  it.each([HashAlg.SHA256, HashAlg.SHA384, HashAlg.SHA512])("verifies node's signatures and refuses tampering (alg %i)", (alg) => {
    for (let round = 0; round < 3; round++) {
      const data = message();
      const signature = signPkcs1(alg, data, pair.privateKey);
      expect(harness.verifyRsaPkcs1(key, alg, data, signature)).toBe(true);
      expect(harness.verifyRsaPkcs1(key, alg, flipBit(data, round * 97), signature)).toBe(false);
      expect(harness.verifyRsaPkcs1(key, alg, data, flipBit(signature, 8 * 255 + round))).toBe(false);
      expect(harness.verifyRsaPkcs1(key, alg, data, flipBit(signature, round * 13 + 8))).toBe(false);
      expect(harness.verifyRsaPkcs1(otherKey, alg, data, signature)).toBe(false);
      expect(harness.verifyRsaPkcs1(key, (alg + 1) % 3, data, signature)).toBe(false);
      expect(harness.verifyRsaPss(key, alg, data, signature, PSS_ANY_SALT_LENGTH)).toBe(false);
    }
  });

  it("refuses signatures of the wrong length, not below n, or of an unknown algorithm, without trapping", () => {
    const data = message();
    const signature = signPkcs1(HashAlg.SHA256, data, pair.privateKey);
    const modulus = new Uint8Array(Buffer.from(pair.n, "base64url"));
    const withLeadingZero = new Uint8Array([0, ...signature]);
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, data, signature.subarray(1))).toBe(false);
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, data, withLeadingZero)).toBe(false);
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, data, new Uint8Array(0))).toBe(false);
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, data, modulus)).toBe(false);
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, data, new Uint8Array(256).fill(0xff))).toBe(false);
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, data, new Uint8Array(256))).toBe(false);
    expect(harness.verifyRsaPkcs1(key, 9, data, signature)).toBe(false);
    expect(harness.verifyRsaPss(key, 9, data, signature, PSS_SALT_LENGTH_OF_HASH)).toBe(false);
  });

  it.each([
    { bits: 4096, exponent: 65537 },
    { bits: 2048, exponent: 3 },
    { bits: 2051, exponent: 65537 },
  ])("verifies with a $bits-bit modulus and e = $exponent", ({ bits, exponent }) => {
    const sized = rsaPair(bits, exponent);
    const sizedKey = importKey(sized);
    const data = message();
    const signature = signPkcs1(HashAlg.SHA256, data, sized.privateKey);
    expect(harness.verifyRsaPkcs1(sizedKey, HashAlg.SHA256, data, signature)).toBe(true);
    expect(harness.verifyRsaPkcs1(sizedKey, HashAlg.SHA256, flipBit(data, 3), signature)).toBe(false);
  });
});

describe("RSASSA-PSS (PS256, PS384, PS512)", () => {
  const pair = rsaPair(2048);
  // 2049 bits: the encoded message is one byte shorter than the modulus (RFC 8017 emLen < k).
  const odd = rsaPair(2049);
  let key: number;
  let oddKey: number;
  beforeAll(() => {
    key = importKey(pair);
    oddKey = importKey(odd);
  });

  it.each([HashAlg.SHA256, HashAlg.SHA384, HashAlg.SHA512])("verifies node's signatures with a hash-length salt and refuses tampering (alg %i)", (alg) => {
    for (const [privateKey, handle] of [[pair.privateKey, key], [odd.privateKey, oddKey]] as const) {
      const data = message();
      const signature = signPss(alg, data, privateKey, hashLength(alg));
      expect(harness.verifyRsaPss(handle, alg, data, signature, PSS_SALT_LENGTH_OF_HASH)).toBe(true);
      expect(harness.verifyRsaPss(handle, alg, data, signature, hashLength(alg))).toBe(true);
      expect(harness.verifyRsaPss(handle, alg, data, signature, PSS_ANY_SALT_LENGTH)).toBe(true);
      expect(harness.verifyRsaPss(handle, alg, flipBit(data, 5), signature, PSS_SALT_LENGTH_OF_HASH)).toBe(false);
      expect(harness.verifyRsaPss(handle, alg, data, flipBit(signature, 1000), PSS_SALT_LENGTH_OF_HASH)).toBe(false);
      expect(harness.verifyRsaPss(handle, (alg + 1) % 3, data, signature, PSS_SALT_LENGTH_OF_HASH)).toBe(false);
      expect(harness.verifyRsaPkcs1(handle, alg, data, signature)).toBe(false);
    }
  });

  it("holds JWS to a salt as long as the hash, and accepts other salts only when asked", () => {
    const data = message();
    for (const saltLength of [0, 20, 64]) {
      const signature = signPss(HashAlg.SHA256, data, pair.privateKey, saltLength);
      expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, signature, PSS_SALT_LENGTH_OF_HASH), `salt ${saltLength}`).toBe(false);
      expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, signature, PSS_ANY_SALT_LENGTH), `salt ${saltLength}`).toBe(true);
      expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, signature, saltLength), `salt ${saltLength}`).toBe(true);
      expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, signature, saltLength + 1), `salt ${saltLength}`).toBe(false);
    }
  });

  it("refuses malformed signatures and salt lengths without trapping", () => {
    const data = message();
    const signature = signPss(HashAlg.SHA256, data, pair.privateKey, 32);
    expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, signature.subarray(2), PSS_SALT_LENGTH_OF_HASH)).toBe(false);
    expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, new Uint8Array(256), PSS_SALT_LENGTH_OF_HASH)).toBe(false);
    expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, new Uint8Array(256).fill(1), PSS_ANY_SALT_LENGTH)).toBe(false);
    expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, signature, 100_000)).toBe(false);
    expect(harness.verifyRsaPss(key, HashAlg.SHA256, data, signature, -7)).toBe(false);
  });
});
