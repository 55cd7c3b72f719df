// An elliptic curve ready for verification. `EllipticCurve` is what keys
// and ECDSA see: the group order's arithmetic (scalars, 32-bit limbs) and
// the operations that need the field. `CurveOverField<F>` implements them
// over a generated field (field-p256.ts, field-p384.ts), so the hot code is
// specialised per curve.
//
// u1*G + u2*Q by interleaved wNAF (Shamir's trick with signed windows),
// each scalar split in halves: u = low + 2^h high, so u P = low P +
// high (2^h P). G, 2^h G (per curve) and Q, 2^h Q (per key) each have a
// table of affine odd multiples, built once, and the four half scalars
// share one chain of h doublings, half what whole scalars would take.

import { addLimbs, compareLimbs, limbsFromBytes, limbsFromHex, limbsToBytes, subtractLimbs } from "./bigint";
import { CurveParameters } from "./curve-params";
import { fieldBytes, fieldEquals, fieldFromBytes, fieldInvert, fieldZero } from "./ec-field";
import { PointFormulas } from "./ec-point";
import { Montgomery } from "./montgomery";
import { wnafDigitsOf } from "./wnaf";

// Window widths: G's tables (32 points each) are paid for once per curve,
// a key's (8 points each) once per key import.
const GENERATOR_WINDOW: i32 = 7;
const KEY_WINDOW: i32 = 5;

/**
 * Odd multiples of a point P and of 2^h P as affine (x, y) pairs in the
 * curve's field form: entry i is (2i + 1)P, then entry count + i is
 * (2i + 1) 2^h P.
 */
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
  /** h: the bit where scalars are split. */
  private readonly halfBits: i32;
  /** wNAF digits of the four half scalars, reused by every verification. */
  private readonly digits: StaticArray<StaticArray<i8>>;
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
    // h = half the scalar's bits (the order has exactly 32 limbs bits).
    this.halfBits = limbs << 4;
    const digits = new StaticArray<StaticArray<i8>>(4);
    for (let i = 0; i < 4; i++) digits[i] = new StaticArray<i8>((limbs << 4) + 2);
    this.digits = digits;
    const gx = limbsToBytes(limbsFromHex(parameters.generatorXHex, limbs), parameters.byteLength);
    const gy = limbsToBytes(limbsFromHex(parameters.generatorYHex, limbs), parameters.byteLength);
    this.generatorTable = this.splitTables(gx, gy, GENERATOR_WINDOW);
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
    return this.splitTables(x, y, KEY_WINDOW);
  }

  combinationMatches(u1: StaticArray<u32>, u2: StaticArray<u32>, qTable: PointTable, r: StaticArray<u32>): bool {
    const point = this.accumulator;
    if (!this.linearCombination(point, u1, u2, qTable)) return false;
    return this.xModOrderEquals(point, r);
  }

  /** point = u1*G + u2*Q; false when that is the point at infinity. */
  private linearCombination(point: usize, u1: StaticArray<u32>, u2: StaticArray<u32>, qTables: PointTable): bool {
    const formulas = this.formulas;
    const half = this.halfBits;
    const high = (this.limbs << 5) - half;
    const digits = this.digits;
    const gLow = unchecked(digits[0]), gHigh = unchecked(digits[1]), qLow = unchecked(digits[2]), qHigh = unchecked(digits[3]);
    wnafDigitsOf(u1, 0, half, GENERATOR_WINDOW, gLow);
    wnafDigitsOf(u1, half, high, GENERATOR_WINDOW, gHigh);
    wnafDigitsOf(u2, 0, half, KEY_WINDOW, qLow);
    wnafDigitsOf(u2, half, high, KEY_WINDOW, qHigh);
    const entrySize: usize = 2 * fieldBytes(this.field);
    const gBase = changetype<usize>(this.generatorTable);
    const gShifted = gBase + (<usize>1 << (GENERATOR_WINDOW - 2)) * entrySize;
    const qBase = changetype<usize>(qTables);
    const qShifted = qBase + (<usize>1 << (KEY_WINDOW - 2)) * entrySize;
    let infinity = true;
    for (let i = max(half, high); i >= 0; i--) {
      if (!infinity) formulas.double(point, point);
      infinity = this.addDigit(point, infinity, gBase, unchecked(gLow[i]), entrySize);
      infinity = this.addDigit(point, infinity, gShifted, unchecked(gHigh[i]), entrySize);
      infinity = this.addDigit(point, infinity, qBase, unchecked(qLow[i]), entrySize);
      infinity = this.addDigit(point, infinity, qShifted, unchecked(qHigh[i]), entrySize);
    }
    return !infinity;
  }

  /** point += digit * P for a wNAF digit and P's odd-multiples table; returns whether the point is at infinity. */
  // @ts-ignore: decorator
  @inline private addDigit(point: usize, infinity: bool, table: usize, digit: i8, entrySize: usize): bool {
    if (digit == 0) return infinity;
    return this.addEntry(point, infinity, table + <usize>(abs(<i32>digit) >> 1) * entrySize, digit < 0);
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

  /**
   * The tables of P = (x, y), a point on the curve, and of 2^h P: odd
   * multiples up to (2^(width-1) - 1) times each, one after the other.
   */
  private splitTables(x: Uint8Array, y: Uint8Array, width: i32): PointTable {
    const f = this.field;
    const size = fieldBytes(f);
    const count = 1 << (width - 2);
    const affine = new StaticArray<u32>(4 * f.limbs);
    const base = changetype<usize>(affine);
    fieldFromBytes(f, base, x);
    fieldFromBytes(f, base + size, y);
    // 2^h P: h doublings (never infinity: the order n is prime and above 2^h), made affine.
    const walk = new StaticArray<u32>(3 * f.limbs);
    const walker = changetype<usize>(walk);
    this.addEntry(walker, true, base, false);
    for (let i = 0; i < this.halfBits; i++) this.formulas.double(walker, walker);
    const shifted = this.toAffine(walker, 1);
    memory.copy(base + 2 * size, changetype<usize>(shifted), 2 * size);
    // Walk P, 2P, 3P, ... adding P each time, keeping the odd ones; the same
    // for 2^h P. None is infinity: every multiple is below the prime order n.
    const jacobian = new StaticArray<u32>(3 * f.limbs * 2 * count);
    const points = changetype<usize>(jacobian);
    for (let table = 0; table < 2; table++) {
      const point = base + <usize>table * 2 * size;
      const first = points + <usize>(table * count) * 3 * size;
      this.addEntry(walker, true, point, false);
      for (let k = 1; k < 2 * count; k++) {
        if ((k & 1) != 0) memory.copy(first + <usize>(k >> 1) * 3 * size, walker, 3 * size);
        this.formulas.addAffine(walker, walker, point, false);
      }
    }
    return this.toAffine(points, 2 * count);
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
