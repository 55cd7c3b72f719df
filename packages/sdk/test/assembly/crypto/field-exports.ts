// Thin exports over the generated curve fields (field-p256.ts,
// field-p384.ts) and their helpers, for checking them against BigInt with
// raw limbs in and out, so the tests see the representation itself.

import { fieldCanonical, fieldInvert, fieldIsZero } from "../../../assembly/crypto/ec-field";
import { P256Field } from "../../../assembly/crypto/field-p256";
import { P384Field } from "../../../assembly/crypto/field-p384";
import { limbsFromHex, subtractLimbs } from "../../../assembly/crypto/bigint";
import { P256 } from "../../../assembly/crypto/p256";
import { P384 } from "../../../assembly/crypto/p384";
import { CurveParameters } from "../../../assembly/crypto/curve-params";

const p256Field = new P256Field();
const p384Field = new P384Field();

/** (radixBits << 16) | limbs of the field of "P-256" or "P-384", or -1. */
export function fieldShape(curve: string): i32 {
  if (curve == "P-256") return (p256Field.radixBits << 16) | p256Field.limbs;
  if (curve == "P-384") return (p384Field.radixBits << 16) | p384Field.limbs;
  return -1;
}

/**
 * Operation `op` on raw values (little-endian u32 limbs, as the field
 * holds them): 0 multiply, 1 square, 2 add, 3 subtract (a - b),
 * 4 canonical, 5 invert (Fermat), 6 times the small factor b[0],
 * 7 is zero mod p (result limb 0 is 1 or 0). Returns the result's limbs.
 */
export function fieldOperation(curve: string, op: i32, a: Uint8Array, b: Uint8Array): Uint8Array {
  if (curve == "P-256") return operate<P256Field>(p256Field, P256, op, a, b);
  return operate<P384Field>(p384Field, P384, op, a, b);
}

function operate<F>(field: F, parameters: CurveParameters, op: i32, a: Uint8Array, b: Uint8Array): Uint8Array {
  const bytes = field.limbs << 2;
  const out = new Uint8Array(bytes);
  const scratch = new Uint8Array(bytes);
  const x = a.slice(0, bytes);
  const y = b.slice(0, bytes);
  if (op == 0) field.multiply(out.dataStart, x.dataStart, y.dataStart);
  else if (op == 1) field.square(out.dataStart, x.dataStart);
  else if (op == 2) field.add(out.dataStart, x.dataStart, y.dataStart);
  else if (op == 3) field.subtract(out.dataStart, x.dataStart, y.dataStart);
  else if (op == 4) fieldCanonical(field, out.dataStart, x.dataStart);
  else if (op == 6) field.multiplySmall(out.dataStart, x.dataStart, y[0]);
  else if (op == 7) out[0] = fieldIsZero(field, x.dataStart) ? 1 : 0;
  else {
    const limbs = parameters.byteLength >> 2;
    const two = new StaticArray<u32>(limbs);
    two[0] = 2;
    const primeMinusTwo = new StaticArray<u32>(limbs);
    subtractLimbs(primeMinusTwo, limbsFromHex(parameters.primeHex, limbs), two, limbs);
    fieldInvert(field, out.dataStart, x.dataStart, primeMinusTwo, scratch.dataStart);
  }
  return out;
}
