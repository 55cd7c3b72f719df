// Montgomery arithmetic against JavaScript BigInt on random odd moduli of
// many widths, and the refusals (even or too small moduli, values not
// below the modulus) that keep hostile keys from trapping.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";

let harness: CryptoHarness;
beforeAll(async () => {
  harness = await loadCryptoHarness();
});

const toBigInt = (bytes: Uint8Array) => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`));
const toBytes = (value: bigint, length: number) => new Uint8Array(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));

function modPowBigInt(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  let square = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}

/** A random odd modulus of `bytes` bytes; `topByte` forces the leading byte (to test small top limbs). */
function randomOddModulus(bytes: number, topByte?: number): bigint {
  const raw = new Uint8Array(randomBytes(bytes));
  raw[0] = topByte ?? (raw[0] | 0x80);
  raw[bytes - 1] |= 1;
  return toBigInt(raw);
}

describe("Montgomery arithmetic", () => {
  it("multiplies like BigInt for odd moduli of 1..70 bytes, including small top limbs", () => {
    for (let bytes = 1; bytes <= 70; bytes++) {
      for (const top of [undefined, 1, 0x10]) {
        const modulus = randomOddModulus(bytes, top);
        if (modulus < 3n) continue;
        const a = toBigInt(new Uint8Array(randomBytes(bytes))) % modulus;
        const b = toBigInt(new Uint8Array(randomBytes(bytes))) % modulus;
        const got = harness.modMultiply(toBytes(modulus, bytes), toBytes(a, bytes), toBytes(b, bytes));
        expect(got && toBigInt(got), `modulus ${modulus.toString(16)}`).toBe((a * b) % modulus);
      }
    }
  });

  it("raises to small and large powers like BigInt, up to 4096-bit moduli", () => {
    for (const bytes of [4, 8, 31, 32, 48, 100, 256, 384, 512]) {
      const modulus = randomOddModulus(bytes);
      const base = toBigInt(new Uint8Array(randomBytes(bytes))) % modulus;
      for (const exponent of [0n, 1n, 2n, 3n, 65537n, 0xffffffffn, toBigInt(new Uint8Array(randomBytes(Math.min(bytes, 64))))]) {
        const exponentBytes = toBytes(exponent, Math.max(1, Math.ceil(exponent.toString(16).length / 2)));
        const got = harness.modPow(toBytes(modulus, bytes), toBytes(base, bytes), exponentBytes);
        expect(got && toBigInt(got), `${bytes} bytes, exponent ${exponent}`).toBe(modPowBigInt(base, exponent, modulus));
      }
    }
  });

  it("refuses even, zero and one moduli and bases not below the modulus, without trapping", () => {
    const one = new Uint8Array([1]);
    expect(harness.modPow(new Uint8Array([0x10, 0x00]), one, one)).toBeNull();
    expect(harness.modPow(new Uint8Array([0, 0, 0, 0]), one, one)).toBeNull();
    expect(harness.modPow(new Uint8Array(0), new Uint8Array(0), one)).toBeNull();
    expect(harness.modPow(one, new Uint8Array([0]), one)).toBeNull();
    expect(harness.modPow(new Uint8Array([0x0b]), new Uint8Array([0x0b]), one)).toBeNull();
    expect(harness.modMultiply(new Uint8Array([0x0b]), new Uint8Array([0x0c]), one)).toBeNull();
  });
});
