// Thin exports over the Montgomery arithmetic (the general CIOS context and
// the wide one RSA uses), for checking it against JavaScript BigInt on
// random moduli.

import { compareLimbs, isZeroLimbs, limbsForBytes, limbsFromBytes, limbsToBytes } from "../../../assembly/crypto/bigint";
import { inverseModOdd } from "../../../assembly/crypto/modular-inverse";
import { wnafDigitsOf } from "../../../assembly/crypto/wnaf";
import { Montgomery } from "../../../assembly/crypto/montgomery";
import { WIDE_PADDING, WideMontgomery } from "../../../assembly/crypto/montgomery-wide";

/** base^exponent mod modulus as modulus-length bytes, or null when the modulus is refused or base is not below it. */
export function modPow(modulus: Uint8Array, base: Uint8Array, exponent: Uint8Array): Uint8Array | null {
  const limbs = limbsForBytes(modulus.length);
  const context = Montgomery.create(limbsFromBytes(modulus, limbs)!);
  if (context === null) return null;
  const value = limbsFromBytes(base, limbs);
  if (value === null || !context.isReduced(value)) return null;
  const power = limbsFromBytes(exponent, limbsForBytes(exponent.length))!;
  context.toMontgomery(value, value);
  context.power(value, value, power);
  context.fromMontgomery(value, value);
  return limbsToBytes(value, modulus.length);
}

/** a * b mod modulus as modulus-length bytes, through Montgomery form; null when refused. */
export function modMultiply(modulus: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array | null {
  const limbs = limbsForBytes(modulus.length);
  const context = Montgomery.create(limbsFromBytes(modulus, limbs)!);
  if (context === null) return null;
  const x = limbsFromBytes(a, limbs);
  const y = limbsFromBytes(b, limbs);
  if (x === null || y === null || !context.isReduced(x) || !context.isReduced(y)) return null;
  context.toMontgomery(x, x);
  context.toMontgomery(y, y);
  context.multiply(x, x, y);
  context.fromMontgomery(x, x);
  return limbsToBytes(x, modulus.length);
}

/** (radixBits << 16) | limbs of the wide context for `modulus`, or -1 when refused. */
export function wideShape(modulus: Uint8Array): i32 {
  const context = WideMontgomery.create(modulus);
  if (context === null) return -1;
  return (<i32>context.radixBits << 16) | context.limbs;
}

/** a * b / R mod n as the context leaves it (below 2n, not canonical), for any a and b below R. */
export function wideMultiply(modulus: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array | null {
  const context = WideMontgomery.create(modulus);
  if (context === null) return null;
  const x = anyValue(context, a);
  context.multiply(x, x, anyValue(context, b));
  return context.toBytes(x, modulus.length + 1);
}

/** a * a / R mod n as the context leaves it, for any a below R. */
export function wideSquare(modulus: Uint8Array, a: Uint8Array): Uint8Array | null {
  const context = WideMontgomery.create(modulus);
  if (context === null) return null;
  const x = anyValue(context, a);
  context.square(x, x);
  return context.toBytes(x, modulus.length + 1);
}

/** base^exponent mod n through the wide context (RSAVP1's arithmetic), or null when refused. */
export function widePower(modulus: Uint8Array, base: Uint8Array, exponent: u32): Uint8Array | null {
  const context = WideMontgomery.create(modulus);
  if (context === null) return null;
  return context.powerOfBytes(base, exponent, modulus.length);
}

/** The big-endian `bytes` as a padded limb vector of `context`, without the check that it is below n. */
function anyValue(context: WideMontgomery, bytes: Uint8Array): StaticArray<u32> {
  const value = context.newValue();
  const w = context.radixBits;
  let bit = 0;
  for (let i = bytes.length - 1; i >= 0; i--, bit += 8) {
    const byte = <u32>bytes[i];
    const limb = bit / <i32>w;
    const shift = <u32>(bit % <i32>w);
    if (limb < context.limbs) value[WIDE_PADDING + limb] |= (byte << shift) & ((1 << w) - 1);
    if (shift + 8 > w && limb + 1 < context.limbs) value[WIDE_PADDING + limb + 1] |= byte >> (w - shift);
  }
  return value;
}

/** 1/a mod m (binary extended Euclid) for big-endian a and odd m, m-length bytes; null when a is not in [1, m - 1]. */
export function inverseMod(a: Uint8Array, m: Uint8Array): Uint8Array | null {
  const limbs = limbsForBytes(m.length);
  const modulus = limbsFromBytes(m, limbs)!;
  const value = limbsFromBytes(a, limbs);
  if (value === null || isZeroLimbs(value) || compareLimbs(value, modulus, limbs) >= 0 || (unchecked(modulus[0]) & 1) == 0) return null;
  return limbsToBytes(inverseModOdd(value, modulus), m.length);
}

/** The wNAF digits of bits [start, start + count) of the big-endian scalar `k`, `count + 1` of them, least significant first. */
export function wnafOf(k: Uint8Array, start: i32, count: i32, width: i32): Int8Array {
  const scalar = limbsFromBytes(k, limbsForBytes(k.length))!;
  const digits = new StaticArray<i8>(count + 1);
  wnafDigitsOf(scalar, start, count, width, digits);
  const out = new Int8Array(count + 1);
  for (let i = 0; i <= count; i++) out[i] = digits[i];
  return out;
}
