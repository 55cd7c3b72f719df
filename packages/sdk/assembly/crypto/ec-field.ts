// What the curve code needs from a prime field beyond the generated hot
// arithmetic (field-p256.ts, field-p384.ts): reading coordinates, the final
// reduction below p, comparisons and inversion. Generic over the field
// class, so every call is direct; values are raw addresses of the field's
// limbs (see the generated files for the representation).

import { compareRadixLimbs, readRadixLimbs, significantBits, subtractRadixLimbs, writeRadixLimbs } from "./radix-limbs";

/** Room for the widest field value here (P-384: 14 limbs). */
export const FIELD_MAX_LIMBS: i32 = 16;

/** 1 as a plain value: a Montgomery product with it leaves Montgomery form. Never written. */
const PLAIN_ONE: StaticArray<u32> = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/** 0 in both forms. Never written. */
const ZERO: StaticArray<u32> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/** Address of a zero value, for negation as 0 - a. */
export function fieldZero(): usize {
  return changetype<usize>(ZERO);
}

/** Bytes in a value of `field`. */
// @ts-ignore: decorator
@inline export function fieldBytes<F>(field: F): usize {
  return <usize>field.limbs << 2;
}

/**
 * Reads the big-endian integer in `bytes` into `out` in Montgomery form;
 * false (and `out` garbage) unless it is below p.
 */
export function fieldFromBytes<F>(field: F, out: usize, bytes: Uint8Array): bool {
  if (significantBits(bytes) > field.bits) return false;
  writeRadixLimbs(out, bytes, field.radixBits, field.limbs);
  if (compareRadixLimbs(out, field.prime, field.limbs) >= 0) return false;
  field.multiply(out, out, field.rSquared);
  return true;
}

/** The plain value of `a` (Montgomery form) as `byteLength` big-endian bytes. `scratch` holds one value. */
export function fieldToBytes<F>(field: F, a: usize, byteLength: i32, scratch: usize): Uint8Array {
  field.multiply(scratch, a, changetype<usize>(PLAIN_ONE));
  fieldCanonical(field, scratch, scratch);
  return readRadixLimbs(scratch, field.radixBits, field.limbs, byteLength);
}

/** out = a reduced below p: a is below 2^(bits + 1) < 3p, so at most two subtractions. */
export function fieldCanonical<F>(field: F, out: usize, a: usize): void {
  const limbs = field.limbs;
  if (out != a) memory.copy(out, a, <usize>limbs << 2);
  const prime = field.prime;
  while (compareRadixLimbs(out, prime, limbs) >= 0) subtractRadixLimbs(out, out, prime, limbs, field.radixBits);
}

/**
 * True when a = 0 mod p: a is below 2^(bits + 1) < 3p, so it is 0, p or
 * 2p, which differ in their lowest limb; one comparison settles almost
 * every value.
 */
export function fieldIsZero<F>(field: F, a: usize): bool {
  const limbs = field.limbs;
  const low = load<u32>(a);
  if (low == 0) return compareRadixLimbs(a, changetype<usize>(ZERO), limbs) == 0;
  if (low == load<u32>(field.prime)) return compareRadixLimbs(a, field.prime, limbs) == 0;
  if (low == load<u32>(field.twicePrime)) return compareRadixLimbs(a, field.twicePrime, limbs) == 0;
  return false;
}

/** True when a = b mod p. `scratch` holds two values. */
export function fieldEquals<F>(field: F, a: usize, b: usize, scratch: usize): bool {
  const other = scratch + fieldBytes(field);
  fieldCanonical(field, scratch, a);
  fieldCanonical(field, other, b);
  return compareRadixLimbs(scratch, other, field.limbs) == 0;
}

/**
 * out = 1/a mod p for a not 0 mod p, as a^(p-2) (Fermat), with
 * `primeMinusTwo` as 32-bit limbs. For table building, not per request.
 * `out` may be `a`; `scratch` holds one value.
 */
export function fieldInvert<F>(field: F, out: usize, a: usize, primeMinusTwo: StaticArray<u32>, scratch: usize): void {
  memory.copy(scratch, a, fieldBytes(field));
  memory.copy(out, field.one, fieldBytes(field));
  for (let bit = (primeMinusTwo.length << 5) - 1; bit >= 0; bit--) {
    field.square(out, out);
    if (((unchecked(primeMinusTwo[bit >> 5]) >> (<u32>bit & 31)) & 1) != 0) field.multiply(out, out, scratch);
  }
}
