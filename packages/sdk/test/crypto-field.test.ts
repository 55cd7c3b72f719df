// The generated curve fields (assembly/crypto/field-p256.ts, field-p384.ts)
// against BigInt, on raw limbs: every input the representation allows
// (normalised limbs, value below 2^(bits + 1), so also p, 2p and values
// just under 2^(bits + 1)) gives a normalised output below 2^(bits + 1)
// that is right modulo p. And the files are what the generator writes.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";
import { FIELDS, generatedFiles, toLimbs, type FieldSpec } from "./support/field-codegen.ts";

const MULTIPLY = 0, SQUARE = 1, ADD = 2, SUBTRACT = 3, CANONICAL = 4, INVERT = 5, MULTIPLY_SMALL = 6, IS_ZERO = 7;

let harness: CryptoHarness;
beforeAll(async () => {
  harness = await loadCryptoHarness();
});

it("the field files are what test/support/field-codegen.ts writes (run it with --write after changing it)", async () => {
  for (const { path, text } of generatedFiles()) expect(await readFile(path, "utf8"), path).toBe(text);
});

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [((a % m) + m) % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

describe.each(FIELDS)("$curve field", (spec: FieldSpec) => {
  const w = spec.radixBits;
  const n = spec.limbs;
  const p = spec.prime;
  const limit = 1n << BigInt(spec.bits + 1); // every value is below this
  const rInverse = modInverse(1n << BigInt(w * n), p);

  const encode = (value: bigint) => {
    const out = new Uint8Array(4 * n);
    const view = new DataView(out.buffer);
    toLimbs(value, w, n).forEach((limb, i) => view.setUint32(4 * i, Number(limb), true));
    return out;
  };
  /** The value of raw limbs, failing the test unless each is below 2^w. */
  const decode = (limbs: Uint8Array, label: string) => {
    const view = new DataView(limbs.buffer, limbs.byteOffset, limbs.byteLength);
    let value = 0n;
    for (let i = n - 1; i >= 0; i--) {
      const limb = view.getUint32(4 * i, true);
      expect(limb < 2 ** w, `${label}: limb ${i} is ${limb.toString(16)}, not normalised`).toBe(true);
      value = (value << BigInt(w)) + BigInt(limb);
    }
    expect(value < limit, `${label}: ${value.toString(16)} is not below 2^${spec.bits + 1}`).toBe(true);
    return value;
  };
  const random = (below: bigint) => BigInt(`0x${randomBytes(spec.bits / 8 + 8).toString("hex")}`) % below;

  const edges = () => [0n, 1n, 2n, p - 1n, p, p + 1n, 2n * p - 1n, 2n * p, 2n * p + 1n, limit - 1n, (1n << BigInt(spec.bits)) - 1n, 1n << BigInt(spec.bits), random(p), random(limit), random(limit)];

  beforeAll(() => {
    expect(harness.fieldShape(spec.curve)).toBe((w << 16) | n);
  });

  it("multiplies and squares (Montgomery products) for any inputs below 2^(bits + 1)", () => {
    const values = edges();
    for (const a of values) {
      for (const b of values) {
        const label = `${a.toString(16)} * ${b.toString(16)}`;
        const product = decode(harness.fieldOperation(spec.curve, MULTIPLY, encode(a), encode(b)), label);
        expect(product % p, label).toBe((((a * b) % p) * rInverse) % p);
      }
      const square = decode(harness.fieldOperation(spec.curve, SQUARE, encode(a), encode(0n)), `${a.toString(16)}^2`);
      expect(square % p).toBe((((a * a) % p) * rInverse) % p);
    }
    for (let round = 0; round < 300; round++) {
      const a = random(limit), b = random(limit);
      expect(decode(harness.fieldOperation(spec.curve, MULTIPLY, encode(a), encode(b)), "random") % p).toBe((((a * b) % p) * rInverse) % p);
    }
  });

  it("adds and subtracts for any inputs below 2^(bits + 1), folding the top back in", () => {
    const values = edges();
    for (const a of values) {
      for (const b of values) {
        const label = `${a.toString(16)} +/- ${b.toString(16)}`;
        expect(decode(harness.fieldOperation(spec.curve, ADD, encode(a), encode(b)), label) % p, label).toBe((a + b) % p);
        expect(decode(harness.fieldOperation(spec.curve, SUBTRACT, encode(a), encode(b)), label) % p, label).toBe((((a - b) % p) + p) % p);
      }
    }
  });

  it("multiplies by small factors (2 to 8) for any input below 2^(bits + 1)", () => {
    for (const a of edges()) {
      for (let k = 2n; k <= 8n; k++) {
        const label = `${k} * ${a.toString(16)}`;
        const factor = new Uint8Array(4 * n);
        factor[0] = Number(k);
        expect(decode(harness.fieldOperation(spec.curve, MULTIPLY_SMALL, encode(a), factor), label) % p, label).toBe((k * a) % p);
      }
    }
  });

  it("tells values that are 0 mod p (0, p, 2p) from all others", () => {
    const zero = (value: bigint) => harness.fieldOperation(spec.curve, IS_ZERO, encode(value), encode(0n))[0] === 1;
    for (const a of [...edges(), p - 1n, p + 1n, 2n * p - 1n, 2n * p + 1n, p + (1n << BigInt(w)), 2n * p + (1n << BigInt(2 * w))]) {
      expect(zero(a), a.toString(16)).toBe(a % p === 0n);
    }
  });

  it("reduces to canonical form and inverts", () => {
    for (const a of edges()) {
      const canonical = decode(harness.fieldOperation(spec.curve, CANONICAL, encode(a), encode(0n)), a.toString(16));
      expect(canonical).toBe(a % p);
      if (a % p === 0n) continue;
      // In Montgomery form: the inverse of a R is a^-1 R, so the plain product of the two, over R, is 1.
      const inverse = decode(harness.fieldOperation(spec.curve, INVERT, encode(a), encode(0n)), `1/${a.toString(16)}`);
      expect((((a * inverse) % p) * rInverse) % p).toBe((1n << BigInt(w * n)) % p);
    }
  });
});
