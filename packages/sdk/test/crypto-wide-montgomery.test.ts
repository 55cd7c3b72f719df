// The wide Montgomery arithmetic RSA uses (assembly/crypto/montgomery-wide.ts)
// against JavaScript BigInt, in both builds: with SIMD (what the SDK preset
// ships) and without (the scalar fallback other builds get). Inputs include
// the lazy range [n, 2n) and all-ones limbs, which drive the column sums to
// their largest.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";

const toBigInt = (bytes: Uint8Array) => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`));
const toBytes = (value: bigint, length: number) => new Uint8Array(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));
const randomBelow = (limit: bigint, bytes: number) => toBigInt(new Uint8Array(randomBytes(bytes + 8))) % limit;

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) if (e & 1n) result = (result * b) % modulus;
  return result;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** A random odd modulus of exactly `bits` bits; "ones" sets every bit (2^bits - 1), the largest limbs. */
function oddModulus(bits: number, kind: "random" | "ones" = "random"): bigint {
  if (kind === "ones") return (1n << BigInt(bits)) - 1n;
  const value = toBigInt(new Uint8Array(randomBytes(Math.ceil(bits / 8)))) & ((1n << BigInt(bits)) - 1n);
  return value | (1n << BigInt(bits - 1)) | 1n;
}

describe.each([
  { build: "SIMD", simd: true },
  { build: "scalar", simd: false },
])("wide Montgomery arithmetic ($build build)", ({ simd }) => {
  let harness: CryptoHarness;
  beforeAll(async () => {
    harness = await loadCryptoHarness({ simd });
  });

  /** R for `modulus` from the context's shape: 2^(radix bits * limbs), at least 4n. */
  function montgomeryR(modulus: bigint, bytes: number): bigint {
    const shape = harness.wideShape(toBytes(modulus, bytes));
    expect(shape).toBeGreaterThan(0);
    const radixBits = shape >> 16;
    const limbs = shape & 0xffff;
    expect([27, 28]).toContain(radixBits);
    const r = 1n << BigInt(radixBits * limbs);
    expect(r >= 4n * modulus).toBe(true);
    return r;
  }

  it("multiplies and squares like BigInt, inputs anywhere below 2n, output below 2n", () => {
    for (const bits of [2, 3, 17, 28, 29, 55, 56, 57, 100, 255, 256, 257, 521, 1024, 2047, 2048, 2049, 3072, 3358, 3359, 4096, 8192]) {
      for (const kind of ["random", "ones"] as const) {
        if (bits < 3 && kind === "random") continue;
        const n = oddModulus(bits, kind);
        const bytes = Math.ceil(bits / 8);
        const rInverse = modInverse(montgomeryR(n, bytes) % n, n);
        const inputs = [randomBelow(n, bytes), randomBelow(2n * n, bytes), n + randomBelow(n, bytes), 2n * n - 1n, n, 0n, 1n];
        for (const a of inputs) {
          const b = inputs[(inputs.indexOf(a) + 3) % inputs.length];
          const product = harness.wideMultiply(toBytes(n, bytes), toBytes(a, bytes + 1), toBytes(b, bytes + 1));
          const square = harness.wideSquare(toBytes(n, bytes), toBytes(a, bytes + 1));
          const label = `${bits} bits (${kind}), a = ${a.toString(16).slice(0, 16)}`;
          expect(product && toBigInt(product) < 2n * n, label).toBe(true);
          expect(product && toBigInt(product) % n, label).toBe((((a * b) % n) * rInverse) % n);
          expect(square && toBigInt(square) < 2n * n, label).toBe(true);
          expect(square && toBigInt(square) % n, label).toBe((((a * a) % n) * rInverse) % n);
        }
      }
    }
  });

  it("raises to RSA exponents like BigInt, fully reduced", () => {
    for (const bits of [17, 256, 1024, 2048, 2051, 3359, 4096, 8192]) {
      for (const kind of ["random", "ones"] as const) {
        const n = oddModulus(bits, kind);
        const bytes = Math.ceil(bits / 8);
        for (const exponent of [1, 3, 5, 17, 65537, 0x10001 | (1 << 20), 0xffffffff]) {
          if (bits > 4096 && exponent !== 65537) continue;
          for (const base of [randomBelow(n, bytes), n - 1n, 0n, 1n, 2n]) {
            const got = harness.widePower(toBytes(n, bytes), toBytes(base, bytes), exponent);
            expect(got && toBigInt(got), `${bits} bits (${kind}), e = ${exponent}`).toBe(modPow(base, BigInt(exponent), n));
          }
        }
      }
    }
  });

  it("refuses even, tiny and oversized moduli and bases not below n, without trapping", () => {
    expect(harness.wideShape(new Uint8Array([0x10, 0x00]))).toBe(-1);
    expect(harness.wideShape(new Uint8Array([0, 0, 0, 1]))).toBe(-1);
    expect(harness.wideShape(new Uint8Array(0))).toBe(-1);
    expect(harness.wideShape(new Uint8Array(1626).fill(0xff))).toBe(-1); // 13,008 bits
    const n = oddModulus(2048);
    expect(harness.widePower(toBytes(n, 256), toBytes(n, 256), 65537)).toBeNull();
    expect(harness.widePower(toBytes(n, 256), toBytes(n + 1n, 257), 65537)).toBeNull();
    expect(harness.widePower(toBytes(n, 256), new Uint8Array(300).fill(0xff), 65537)).toBeNull();
    expect(harness.widePower(toBytes(n, 256), toBytes(n - 1n, 300), 3)).not.toBeNull(); // leading zero bytes are fine
  });
});
