// An elliptic curve ready for verification. `EllipticCurve` is what keys
// and ECDSA see: the group order's arithmetic (scalars, 32-bit limbs) and
// the operations that need the field. `CurveOverField<F>` implements them
// over a generated field (field-p256.ts, field-p384.ts), so the hot code is
// specialised per curve: u1*G + u2*Q by interleaved wNAF (Shamir's trick
// with signed windows), one chain of doublings shared by both products,
// adding affine odd multiples from tables built once (for G per curve, for
// Q per key).

import { addLimbs, compareLimbs, limbsFromBytes, limbsFromHex, limbsToBytes, subtractLimbs } from "./bigint";
import { CurveParameters } from "./curve-params";
import { fieldBytes, fieldEquals, fieldFromBytes, fieldInvert, fieldZero } from "./ec-field";
import { PointFormulas } from "./ec-point";
import { Montgomery } from "./montgomery";
import { wnafDigits } from "./wnaf";

// Window widths: G's table (32 points) is paid for once per curve, a key's
// (8 points) once per key import.
const GENERATOR_WINDOW: i32 = 7;
const KEY_WINDOW: i32 = 5;

/** Odd multiples P, 3P, 5P, ... of one point as affine (x, y) pairs in the curve's field form: entry i is (2i + 1)P. */
export type PointTable = StaticArray<u32>;

export abstract class EllipticCurve {
  /** The group order n: Montgomery arithmetic on scalars (32-bit limbs). */
  readonly order: Montgomery;
  /** The field prime p as 32-bit limbs. */
  readonly prime: StaticArray<u32>;

  constructor(
    /** The JWK "crv" value. */
    readonly name: string,
    /** Bytes in a coordinate, a scalar, and half a JWS signature. */
    readonly byteLength: i32,
    parameters: CurveParameters,
  ) {
    const limbs = byteLength >> 2;
    this.order = Montgomery.create(limbsFromHex(parameters.orderHex, limbs))!;
    this.prime = limbsFromHex(parameters.primeHex, limbs);
  }

  /** 32-bit limbs in a scalar or coordinate. */
  get limbs(): i32 {
    return this.byteLength >> 2;
  }

  /** True when the big-endian coordinate is below p. */
  isCoordinate(bytes: Uint8Array): bool {
    const limbs = limbsFromBytes(bytes, this.limbs);
    return limbs !== null && compareLimbs(limbs, this.prime, this.limbs) < 0;
  }

  /** True when (x, y), both below p, satisfies y^2 = x^3 - 3x + b. */
  abstract isOnCurve(x: Uint8Array, y: Uint8Array): bool;

  /** The odd-multiples table of a public key (x, y) that the caller has checked is on the curve. */
  abstract keyTable(x: Uint8Array, y: Uint8Array): PointTable;

  /**
   * True when u1*G + u2*Q (Q given by its table) is not the point at
   * infinity and its affine x, reduced mod n, is `r`; u1, u2 and r are
   * plain scalars below n.
   */
  abstract combinationMatches(u1: StaticArray<u32>, u2: StaticArray<u32>, qTable: PointTable, r: StaticArray<u32>): bool;
}

export class CurveOverField<F> extends EllipticCurve {
  private readonly formulas: PointFormulas<F>;
  /** b in Montgomery form, and scratch values (raw memory: the curve lives for good). */
  private readonly b: usize;
  private readonly scratch: usize;
  /** The point the linear combination builds. */
  private readonly accumulator: usize;
  private readonly primeMinusTwo: StaticArray<u32>;
  private generatorTable: PointTable = new StaticArray<u32>(0);

  constructor(parameters: CurveParameters, readonly field: F) {
    super(parameters.name, parameters.byteLength, parameters);
    const limbs = parameters.byteLength >> 2;
    const two = new StaticArray<u32>(limbs);
    two[0] = 2;
    const primeMinusTwo = new StaticArray<u32>(limbs);
    subtractLimbs(primeMinusTwo, limbsFromHex(parameters.primeHex, limbs), two, limbs);
    this.primeMinusTwo = primeMinusTwo;
    const size = fieldBytes(field);
    const b = heap.alloc(size);
    fieldFromBytes(field, b, limbsToBytes(limbsFromHex(parameters.bHex, limbs), parameters.byteLength));
    this.b = b;
    this.formulas = new PointFormulas<F>(field);
    this.scratch = heap.alloc(size * 6);
    this.accumulator = heap.alloc(size * 3);
    const gx = limbsToBytes(limbsFromHex(parameters.generatorXHex, limbs), parameters.byteLength);
    const gy = limbsToBytes(limbsFromHex(parameters.generatorYHex, limbs), parameters.byteLength);
    this.generatorTable = this.oddMultiples(gx, gy, GENERATOR_WINDOW);
  }

  isOnCurve(x: Uint8Array, y: Uint8Array): bool {
    const f = this.field;
    const size = fieldBytes(f);
    const xm = this.scratch, ym = xm + size, left = xm + 2 * size, right = xm + 3 * size;
    if (!fieldFromBytes(f, xm, x) || !fieldFromBytes(f, ym, y)) return false;
    f.square(left, ym);
    // right = (x^2 - 3) x + b
    f.square(right, xm);
    f.subtract(right, right, f.one);
    f.subtract(right, right, f.one);
    f.subtract(right, right, f.one);
    f.multiply(right, right, xm);
    f.add(right, right, this.b);
    return fieldEquals(f, left, right, xm + 4 * size);
  }

  keyTable(x: Uint8Array, y: Uint8Array): PointTable {
    return this.oddMultiples(x, y, KEY_WINDOW);
  }

  combinationMatches(u1: StaticArray<u32>, u2: StaticArray<u32>, qTable: PointTable, r: StaticArray<u32>): bool {
    const point = this.accumulator;
    if (!this.linearCombination(point, u1, u2, qTable)) return false;
    return this.xModOrderEquals(point, r);
  }

  /** point = u1*G + u2*Q; false when that is the point at infinity. */
  private linearCombination(point: usize, u1: StaticArray<u32>, u2: StaticArray<u32>, qTable: PointTable): bool {
    const formulas = this.formulas;
    const gDigits = wnafDigits(u1, GENERATOR_WINDOW);
    const qDigits = wnafDigits(u2, KEY_WINDOW);
    const gBase = changetype<usize>(this.generatorTable);
    const qBase = changetype<usize>(qTable);
    const entrySize: usize = 2 * fieldBytes(this.field);
    let infinity = true;
    for (let i = gDigits.length - 1; i >= 0; i--) {
      if (!infinity) formulas.double(point, point);
      const gDigit = <i32>unchecked(gDigits[i]);
      if (gDigit != 0) infinity = this.addEntry(point, infinity, gBase + <usize>(abs(gDigit) >> 1) * entrySize, gDigit < 0);
      const qDigit = <i32>unchecked(qDigits[i]);
      if (qDigit != 0) infinity = this.addEntry(point, infinity, qBase + <usize>(abs(qDigit) >> 1) * entrySize, qDigit < 0);
    }
    return !infinity;
  }

  /** point += (negated) affine entry, where `infinity` says the point is at infinity; returns whether the sum is. */
  private addEntry(point: usize, infinity: bool, entry: usize, negate: bool): bool {
    if (!infinity) return this.formulas.addAffine(point, point, entry, negate);
    const f = this.field;
    const size = fieldBytes(f);
    memory.copy(point, entry, size);
    if (negate) f.subtract(point + size, fieldZero(), entry + size);
    else memory.copy(point + size, entry + size, size);
    memory.copy(point + 2 * size, f.one, size);
    return false;
  }

  /**
   * True when the affine x of the Jacobian `point`, reduced mod n, is the
   * plain `r` in [1, n-1]. Needs no inversion: x = X/Z^2 is below p < 2n, so
   * x mod n = r means x = r or x = r + n, that is X = r Z^2 or (when
   * r + n < p) X = (r + n) Z^2 in the field.
   */
  private xModOrderEquals(point: usize, r: StaticArray<u32>): bool {
    const f = this.field;
    const size = fieldBytes(f);
    const zSquared = this.scratch, candidate = zSquared + size, compareScratch = zSquared + 2 * size;
    f.square(zSquared, point + 2 * size);
    fieldFromBytes(f, candidate, limbsToBytes(r, this.byteLength));
    f.multiply(candidate, candidate, zSquared);
    if (fieldEquals(f, candidate, point, compareScratch)) return true;
    const shifted = new StaticArray<u32>(this.limbs);
    if (addLimbs(shifted, r, this.order.modulus, this.limbs) != 0) return false;
    if (!fieldFromBytes(f, candidate, limbsToBytes(shifted, this.byteLength))) return false; // r + n >= p
    f.multiply(candidate, candidate, zSquared);
    return fieldEquals(f, candidate, point, compareScratch);
  }

  /** P, 3P, ..., (2^(width-1) - 1)P for the affine point (x, y) on the curve, as a table. */
  private oddMultiples(x: Uint8Array, y: Uint8Array, width: i32): PointTable {
    const f = this.field;
    const size = fieldBytes(f);
    const count = 1 << (width - 2);
    const affine = new StaticArray<u32>(2 * f.limbs);
    const base = changetype<usize>(affine);
    fieldFromBytes(f, base, x);
    fieldFromBytes(f, base + size, y);
    // Walk P, 2P, 3P, ... adding P each time, keeping the odd ones. None is
    // infinity: every multiple is below the prime order n.
    const jacobian = new StaticArray<u32>(3 * f.limbs * count);
    const points = changetype<usize>(jacobian);
    const walk = new StaticArray<u32>(3 * f.limbs);
    const walker = changetype<usize>(walk);
    this.addEntry(walker, true, base, false);
    for (let k = 1; k < 2 * count; k++) {
      if ((k & 1) != 0) memory.copy(points + <usize>(k >> 1) * 3 * size, walker, 3 * size);
      this.formulas.addAffine(walker, walker, base, false);
    }
    return this.toAffine(points, count);
  }

  /**
   * The affine forms of `count` consecutive Jacobian points, none at
   * infinity, with a single field inversion for all of them (Montgomery's
   * simultaneous inversion).
   */
  private toAffine(points: usize, count: i32): PointTable {
    const f = this.field;
    const size = fieldBytes(f);
    // prefix[i] = Z_0 Z_1 ... Z_i
    const prefixes = new StaticArray<u32>(f.limbs * count);
    const prefix = changetype<usize>(prefixes);
    for (let i = 0; i < count; i++) {
      const z = points + <usize>i * 3 * size + 2 * size;
      if (i == 0) memory.copy(prefix, z, size);
      else f.multiply(prefix + <usize>i * size, prefix + <usize>(i - 1) * size, z);
    }
    const inverse = this.scratch, zInverse = inverse + size, zInverseSquared = inverse + 2 * size, invertScratch = inverse + 3 * size;
    fieldInvert(f, inverse, prefix + <usize>(count - 1) * size, this.primeMinusTwo, invertScratch); // 1 / (Z_0 ... Z_last)
    const table = new StaticArray<u32>(2 * f.limbs * count);
    const out = changetype<usize>(table);
    for (let i = count - 1; i >= 0; i--) {
      const point = points + <usize>i * 3 * size;
      if (i > 0) {
        f.multiply(zInverse, inverse, prefix + <usize>(i - 1) * size);
        f.multiply(inverse, inverse, point + 2 * size);
      } else {
        memory.copy(zInverse, inverse, size);
      }
      f.square(zInverseSquared, zInverse);
      const entry = out + <usize>i * 2 * size;
      f.multiply(entry, point, zInverseSquared);
      f.multiply(entry + size, point + size, zInverseSquared);
      f.multiply(entry + size, entry + size, zInverse);
    }
    return table;
  }
}
