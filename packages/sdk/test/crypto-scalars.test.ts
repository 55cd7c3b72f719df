// Scalar arithmetic of ECDSA verification against BigInt: the binary
// inversion of s modulo the group order (assembly/crypto/modular-inverse.ts)
// and the wNAF recoding of u1 and u2 in halves (assembly/crypto/wnaf.ts).
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";

let harness: CryptoHarness;
beforeAll(async () => {
  harness = await loadCryptoHarness();
});

const toBigInt = (bytes: Uint8Array) => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`));
const toBytes = (value: bigint, length: number) => new Uint8Array(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));
const random = (below: bigint, bytes: number) => toBigInt(new Uint8Array(randomBytes(bytes + 8))) % below;
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P384_ORDER = 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n;
const P256_PRIME = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;

describe("inverse modulo an odd number (binary extended Euclid)", () => {
  it.each([
    ["the P-256 order", P256_ORDER, 32],
    ["the P-384 order", P384_ORDER, 48],
    ["the P-256 prime", P256_PRIME, 32],
  ])("inverts modulo %s, including 1, n - 1, powers of two and values with zero limbs", (_, n, bytes) => {
    const values = [1n, 2n, 3n, n - 1n, n - 2n, (n + 1n) / 2n, 1n << 32n, 1n << 64n, 1n << 200n, (1n << 96n) + 1n];
    for (let i = 0; i < 200; i++) values.push(random(n - 1n, bytes) + 1n);
    for (const a of values) {
      const inverse = harness.inverseMod(toBytes(a, bytes), toBytes(n, bytes));
      expect(inverse, a.toString(16)).not.toBeNull();
      expect((a * toBigInt(inverse!)) % n, a.toString(16)).toBe(1n);
    }
  });

  it("inverts modulo random odd numbers, for values prime to them", () => {
    for (const bytes of [4, 8, 20, 32, 48]) {
      for (let i = 0; i < 40; i++) {
        const m = random(1n << BigInt(8 * bytes), bytes) | 1n | (1n << BigInt(8 * bytes - 1));
        const a = random(m - 1n, bytes) + 1n;
        if (gcd(a, m) !== 1n) continue;
        const inverse = harness.inverseMod(toBytes(a, bytes), toBytes(m, bytes));
        expect((a * toBigInt(inverse!)) % m, `${a.toString(16)} mod ${m.toString(16)}`).toBe(1n);
      }
    }
  });

  it("refuses 0 and values not below m without trapping", () => {
    expect(harness.inverseMod(toBytes(0n, 32), toBytes(P256_ORDER, 32))).toBeNull();
    expect(harness.inverseMod(toBytes(P256_ORDER, 32), toBytes(P256_ORDER, 32))).toBeNull();
  });
});

describe("wNAF recoding", () => {
  /** Checks the digits' form and returns their value. */
  function valueOf(digits: Int8Array, width: number, label: string): bigint {
    let value = 0n;
    let lastNonZero = -width;
    digits.forEach((digit, i) => {
      if (digit === 0) return;
      expect(Math.abs(digit) % 2, `${label}: digit ${i} is even`).toBe(1);
      expect(Math.abs(digit) < 2 ** (width - 1), `${label}: digit ${i} (${digit}) is out of range`).toBe(true);
      expect(i - lastNonZero >= width, `${label}: digits ${lastNonZero} and ${i} are too close`).toBe(true);
      lastNonZero = i;
      value += BigInt(digit) << BigInt(i);
    });
    return value;
  }

  it("recodes whole scalars and their halves, for every window width used", () => {
    for (const width of [4, 5, 6, 7, 8]) {
      const scalars = [0n, 1n, (1n << 256n) - 1n, 1n << 255n, P256_ORDER - 1n, 0x5555n << 200n];
      for (let i = 0; i < 40; i++) scalars.push(random(1n << 256n, 32));
      for (const k of scalars) {
        const label = `width ${width}, k = ${k.toString(16)}`;
        expect(valueOf(harness.wnafOf(toBytes(k, 32), 0, 256, width), width, label), label).toBe(k);
        for (const [start, count] of [[0, 128], [128, 128], [0, 192], [192, 64], [37, 100]]) {
          const part = (k >> BigInt(start)) & ((1n << BigInt(count)) - 1n);
          const digits = harness.wnafOf(toBytes(k, 32), start, count, width);
          expect(digits.length).toBe(count + 1);
          expect(valueOf(digits, width, `${label}, bits ${start}+${count}`), `${label}, bits ${start}+${count}`).toBe(part);
        }
      }
    }
  });
});
