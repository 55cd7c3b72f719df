// SHA-256/384/512 and HMAC against node:crypto, on random inputs of every
// length around the block and padding boundaries, and a few large ones.
import { createHash, createHmac, randomBytes as nodeRandomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { HashAlg, NODE_HASH_NAMES, loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";

let harness: CryptoHarness;
beforeAll(async () => {
  harness = await loadCryptoHarness();
});

// Plain Uint8Array copies: Buffer#slice shares memory, which would hide a difference.
const randomBytes = (length: number) => new Uint8Array(nodeRandomBytes(length));
const nodeDigest = (name: string, data: Uint8Array) => new Uint8Array(createHash(name).update(data).digest());
const nodeHmac = (name: string, key: Uint8Array, data: Uint8Array) => new Uint8Array(createHmac(name, key).update(data).digest());
const LENGTHS = [...Array.from({ length: 301 }, (_, i) => i), 1000, 4096, 65_537, 1_000_003];

describe.each([
  { name: "sha256", oneShot: (h: CryptoHarness) => h.sha256Of.bind(h), alg: HashAlg.SHA256 },
  { name: "sha384", oneShot: (h: CryptoHarness) => h.sha384Of.bind(h), alg: HashAlg.SHA384 },
  { name: "sha512", oneShot: (h: CryptoHarness) => h.sha512Of.bind(h), alg: HashAlg.SHA512 },
])("$name", ({ name, oneShot, alg }) => {
  it("matches node:crypto for random inputs of 0..300 bytes and a few large ones", () => {
    const hash = oneShot(harness);
    for (const length of LENGTHS) {
      const data = randomBytes(length);
      expect(hash(data), `length ${length}`).toEqual(nodeDigest(name, data));
    }
  });

  it("gives the same digest when fed in pieces, and resets after digest", () => {
    const data = randomBytes(1031);
    const expected = nodeDigest(name, data);
    for (const chunk of [1, 3, 55, 63, 64, 65, 111, 127, 128, 129, 500, 2000]) {
      expect(harness.hashInChunks(alg, data, chunk), `chunk ${chunk}`).toEqual(expected);
    }
  });

  it("hashes the FIPS 180-4 example message \"abc\"", () => {
    const abc = new TextEncoder().encode("abc");
    expect(harness.digestOf(alg, abc)).toEqual(nodeDigest(name, abc));
  });
});

describe("hmac", () => {
  it.each([0, 1, 2])("matches node:crypto for keys shorter than, equal to and longer than a block (alg %i)", (alg) => {
    const name = NODE_HASH_NAMES[alg];
    for (const keyLength of [0, 1, 20, 32, 63, 64, 65, 127, 128, 129, 300]) {
      for (const dataLength of [0, 1, 64, 200, 5000]) {
        const key = randomBytes(keyLength);
        const data = randomBytes(dataLength);
        expect(harness.hmacOf(alg, key, data), `key ${keyLength}, data ${dataLength}`).toEqual(nodeHmac(name, key, data));
      }
    }
  });

  it("hmacSha256 is HMAC with SHA-256", () => {
    const key = randomBytes(32);
    const data = randomBytes(77);
    expect(harness.hmacSha256Of(key, data)).toEqual(nodeHmac("sha256", key, data));
  });

  it("verifies a right tag and refuses a flipped bit, a truncated tag, another key and an unknown algorithm", () => {
    const key = randomBytes(32);
    const data = randomBytes(100);
    const tag = nodeHmac("sha256", key, data);
    expect(harness.hmacVerifyOf(HashAlg.SHA256, key, data, tag)).toBe(true);
    for (let bit = 0; bit < tag.length * 8; bit += 37) {
      const forged = tag.slice();
      forged[bit >> 3] ^= 1 << (bit & 7);
      expect(harness.hmacVerifyOf(HashAlg.SHA256, key, data, forged)).toBe(false);
    }
    expect(harness.hmacVerifyOf(HashAlg.SHA256, key, data, tag.subarray(0, 31))).toBe(false);
    expect(harness.hmacVerifyOf(HashAlg.SHA256, key, data, new Uint8Array(0))).toBe(false);
    expect(harness.hmacVerifyOf(HashAlg.SHA256, randomBytes(32), data, tag)).toBe(false);
    expect(harness.hmacVerifyOf(HashAlg.SHA384, key, data, tag)).toBe(false);
    expect(harness.hmacVerifyOf(7, key, data, tag)).toBe(false);
  });
});

describe("constantTimeEqual", () => {
  it("is true for equal bytes and false for any single difference or a length mismatch", () => {
    const a = randomBytes(48);
    expect(harness.constantTimeEqualOf(a, a.slice())).toBe(true);
    expect(harness.constantTimeEqualOf(new Uint8Array(0), new Uint8Array(0))).toBe(true);
    for (let i = 0; i < a.length; i++) {
      const b = a.slice();
      b[i] ^= 0x80;
      expect(harness.constantTimeEqualOf(a, b)).toBe(false);
    }
    expect(harness.constantTimeEqualOf(a, a.subarray(0, 47))).toBe(false);
  });

  it("compares ranges and refuses ranges outside either array without trapping", () => {
    const a = new Uint8Array([1, 2, 3, 4, 5]);
    const b = new Uint8Array([9, 3, 4, 5]);
    expect(harness.constantTimeEqualRangeOf(a, 2, b, 1, 3)).toBe(true);
    expect(harness.constantTimeEqualRangeOf(a, 1, b, 1, 3)).toBe(false);
    expect(harness.constantTimeEqualRangeOf(a, 2, b, 1, 4)).toBe(false);
    expect(harness.constantTimeEqualRangeOf(a, -1, b, 0, 1)).toBe(false);
    expect(harness.constantTimeEqualRangeOf(a, 0, b, 0, -1)).toBe(false);
    expect(harness.constantTimeEqualRangeOf(a, 0x7fffffff, b, 0, 2)).toBe(false);
  });
});
