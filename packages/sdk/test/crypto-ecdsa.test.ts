// ECDSA verification (ES256 on P-256, ES384 on P-384, JWS r || s form)
// against signatures made by node:crypto with keys generated here,
// imported through their JWK form.
import { createECDH, createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { HashAlg, NODE_HASH_NAMES, loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";

let harness: CryptoHarness;
beforeAll(async () => {
  harness = await loadCryptoHarness();
});

const CURVES = [
  { crv: "P-256", ecdhName: "prime256v1", size: 32, alg: HashAlg.SHA256, order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  {
    crv: "P-384", ecdhName: "secp384r1", size: 48, alg: HashAlg.SHA384,
    order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
] as const;
type Curve = (typeof CURVES)[number];

interface EcPair { privateKey: KeyObject; x: string; y: string }

function ecPair(curve: Curve): EcPair {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: curve.crv });
  const jwk = publicKey.export({ format: "jwk" });
  return { privateKey, x: jwk.x!, y: jwk.y! };
}

/** The pair whose private scalar is `d`: 1 gives Q = G, n - 1 gives Q = -G, which drive the adder into its doubling and infinity cases. */
function ecPairFromScalar(curve: Curve, d: bigint): EcPair {
  const scalar = bigIntBytes(d, curve.size);
  const ecdh = createECDH(curve.ecdhName);
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  const x = point.subarray(1, 1 + curve.size).toString("base64url");
  const y = point.subarray(1 + curve.size).toString("base64url");
  const privateKey = createPrivateKey({ key: { kty: "EC", crv: curve.crv, d: scalar.toString("base64url"), x, y }, format: "jwk" });
  return { privateKey, x, y };
}

function importKey(pair: { x: string; y: string }, crv: string): number {
  const handle = harness.importEc(crv, pair.x, pair.y);
  if (handle < 0) throw new Error(`key refused: ${harness.lastKeyImportMessage()}`);
  return handle;
}

const bigIntBytes = (value: bigint, size: number) => Buffer.from(value.toString(16).padStart(size * 2, "0"), "hex");
const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
const signJws = (alg: number, message: Uint8Array, key: KeyObject) =>
  new Uint8Array(sign(NODE_HASH_NAMES[alg], message, { key, dsaEncoding: "ieee-p1363" }));
const flipBit = (bytes: Uint8Array, bit: number) => {
  const copy = bytes.slice();
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
};
const message = () => new Uint8Array(randomBytes(120));
const modPow = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  let result = 1n;
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) if (e & 1n) result = (result * b) % modulus;
  return result;
};
const signatureOf = (r: bigint, s: bigint, size: number) => new Uint8Array(Buffer.concat([bigIntBytes(r, size), bigIntBytes(s, size)]));

describe.each(CURVES)("ECDSA on $crv", (curve) => {
  const pair = ecPair(curve);
  const other = ecPair(curve);
  let key: number;
  let otherKey: number;
  beforeAll(() => {
    key = importKey(pair, curve.crv);
    otherKey = importKey(other, curve.crv);
  });

  it("verifies node's signatures and refuses a tampered message, a tampered signature and another key", () => {
    for (let round = 0; round < 12; round++) {
      const data = message();
      const signature = signJws(curve.alg, data, pair.privateKey);
      expect(signature.length).toBe(2 * curve.size);
      expect(harness.verifyEcdsa(key, curve.alg, data, signature)).toBe(true);
      expect(harness.verifyEcdsa(key, curve.alg, flipBit(data, round * 61), signature)).toBe(false);
      expect(harness.verifyEcdsa(key, curve.alg, data, flipBit(signature, round * 41))).toBe(false);
      expect(harness.verifyEcdsa(otherKey, curve.alg, data, signature)).toBe(false);
    }
  });

  it("uses the leftmost bits of longer hashes and all of shorter ones, as node does", () => {
    for (const alg of [HashAlg.SHA256, HashAlg.SHA384, HashAlg.SHA512]) {
      const data = message();
      const signature = signJws(alg, data, pair.privateKey);
      expect(harness.verifyEcdsa(key, alg, data, signature), `alg ${alg}`).toBe(true);
      expect(harness.verifyEcdsa(key, (alg + 1) % 3, data, signature), `alg ${alg}`).toBe(false);
    }
  });

  it("accepts (r, n - s) like any ECDSA verifier, and refuses (r, s + 1)", () => {
    const data = message();
    const signature = signJws(curve.alg, data, pair.privateKey);
    const r = toBigInt(signature.subarray(0, curve.size));
    const s = toBigInt(signature.subarray(curve.size));
    expect(harness.verifyEcdsa(key, curve.alg, data, signatureOf(r, curve.order - s, curve.size))).toBe(true);
    expect(harness.verifyEcdsa(key, curve.alg, data, signatureOf(r, (s + 1n) % curve.order, curve.size))).toBe(false);
  });

  it("refuses r or s outside [1, n-1] and signatures of the wrong length, without trapping", () => {
    const data = message();
    const signature = signJws(curve.alg, data, pair.privateKey);
    const r = toBigInt(signature.subarray(0, curve.size));
    const s = toBigInt(signature.subarray(curve.size));
    const n = curve.order;
    const top = (1n << BigInt(8 * curve.size)) - 1n;
    for (const [badR, badS] of [[0n, s], [r, 0n], [n, s], [r, n], [r + n <= top ? r + n : top, s], [r, top], [0n, 0n]]) {
      expect(harness.verifyEcdsa(key, curve.alg, data, signatureOf(badR, badS, curve.size))).toBe(false);
    }
    for (const length of [0, 1, curve.size, 2 * curve.size - 1, 2 * curve.size + 1, 200]) {
      const wrong = new Uint8Array(length);
      wrong.set(signature.subarray(0, Math.min(length, signature.length)));
      expect(harness.verifyEcdsa(key, curve.alg, data, wrong), `length ${length}`).toBe(false);
    }
    expect(harness.verifyEcdsa(key, 5, data, signature)).toBe(false);
  });

  it.each([
    ["1 (Q = G)", 1n],
    ["2 (Q = 2G)", 2n],
    ["n - 1 (Q = -G)", -1n],
  ])("verifies with the private scalar %s", (_, scalar) => {
    const special = ecPairFromScalar(curve, scalar > 0n ? scalar : curve.order + scalar);
    const specialKey = importKey(special, curve.crv);
    for (let round = 0; round < 8; round++) {
      const data = message();
      const signature = signJws(curve.alg, data, special.privateKey);
      expect(harness.verifyEcdsa(specialKey, curve.alg, data, signature)).toBe(true);
      expect(harness.verifyEcdsa(specialKey, curve.alg, flipBit(data, 9), signature)).toBe(false);
    }
  });

  it("refuses, without trapping, a signature whose u1*G + u2*Q is the point at infinity", () => {
    // With Q = dG, u1 G + u2 Q = (e + r d)/s G, which is infinity when r = -e/d (mod n).
    const n = curve.order;
    const d = toBigInt(new Uint8Array(randomBytes(curve.size))) % (n - 1n) + 1n;
    const special = ecPairFromScalar(curve, d);
    const data = message();
    const e = toBigInt(new Uint8Array(createHash(NODE_HASH_NAMES[curve.alg]).update(data).digest())) % n;
    const r = (((n - e) % n) * modPow(d, n - 2n, n)) % n;
    const s = toBigInt(new Uint8Array(randomBytes(curve.size))) % (n - 1n) + 1n;
    expect(r).not.toBe(0n);
    expect(harness.verifyEcdsa(importKey(special, curve.crv), curve.alg, data, signatureOf(r, s, curve.size))).toBe(false);
  });

  it("refuses keys that are malformed or off the curve, with a stable code", () => {
    const x = Buffer.from(pair.x, "base64url");
    const y = Buffer.from(pair.y, "base64url");
    const bumpedY = Buffer.from(y);
    bumpedY[bumpedY.length - 1] ^= 1;
    const refusals: [string, string, string, string][] = [
      ["P-521", pair.x, pair.y, "CRYPTO_KEY_EC_UNSUPPORTED_CURVE"],
      ["secp256k1", pair.x, pair.y, "CRYPTO_KEY_EC_UNSUPPORTED_CURVE"],
      [curve.crv, pair.x + "=", pair.y, "CRYPTO_KEY_BAD_BASE64URL"],
      [curve.crv, pair.x, "!" + pair.y, "CRYPTO_KEY_BAD_BASE64URL"],
      [curve.crv, x.subarray(1).toString("base64url"), pair.y, "CRYPTO_KEY_EC_BAD_COORDINATE"],
      [curve.crv, Buffer.concat([Buffer.alloc(1), x]).toString("base64url"), pair.y, "CRYPTO_KEY_EC_BAD_COORDINATE"],
      [curve.crv, "", "", "CRYPTO_KEY_EC_BAD_COORDINATE"],
      [curve.crv, Buffer.alloc(curve.size, 0xff).toString("base64url"), pair.y, "CRYPTO_KEY_EC_BAD_COORDINATE"],
      [curve.crv, pair.x, bumpedY.toString("base64url"), "CRYPTO_KEY_EC_POINT_NOT_ON_CURVE"],
      [curve.crv, pair.y, pair.x, "CRYPTO_KEY_EC_POINT_NOT_ON_CURVE"],
      [curve.crv, Buffer.alloc(curve.size).toString("base64url"), Buffer.alloc(curve.size).toString("base64url"), "CRYPTO_KEY_EC_POINT_NOT_ON_CURVE"],
    ];
    for (const [crv, xText, yText, code] of refusals) {
      expect(harness.importEc(crv, xText, yText), `${crv} ${xText.slice(0, 8)}`).toBe(-1);
      expect(harness.lastKeyImportCode()).toBe(code);
      expect(harness.lastKeyImportMessage().length).toBeGreaterThan(20);
    }
  });
});

describe("ECDSA across curves", () => {
  it("refuses a P-256 signature under a P-384 key and the other way round", () => {
    const p256 = ecPair(CURVES[0]);
    const p384 = ecPair(CURVES[1]);
    const data = message();
    const p256Signature = signJws(HashAlg.SHA256, data, p256.privateKey);
    const p384Signature = signJws(HashAlg.SHA384, data, p384.privateKey);
    expect(harness.verifyEcdsa(importKey(p384, "P-384"), HashAlg.SHA256, data, p256Signature)).toBe(false);
    expect(harness.verifyEcdsa(importKey(p256, "P-256"), HashAlg.SHA384, data, p384Signature)).toBe(false);
    expect(harness.importEc("P-256", p384.x, p384.y)).toBe(-1);
  });
});
