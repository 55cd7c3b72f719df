// Thin exports over the Montgomery arithmetic, for checking it against
// JavaScript BigInt on random moduli.

import { limbsForBytes, limbsFromBytes, limbsToBytes } from "../../../assembly/crypto/bigint";
import { Montgomery } from "../../../assembly/crypto/montgomery";

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
