// An elliptic curve ready for verification: field and group-order
// arithmetic (Montgomery contexts built once per curve), the curve
// equation check for imported keys, and u1*G + u2*Q by interleaved wNAF
// (Shamir's trick with signed windows): one chain of doublings shared by
// both products, adding affine odd multiples from tables built once (for G
// per curve, for Q per key).

import { addLimbs, compareLimbs, copyLimbs, limbsFromHex, subtractLimbs } from "./bigint";
import { CurveParameters } from "./curve-params";
import { AffinePoint, JacobianPoint, PointArithmetic } from "./ec-point";
import { Montgomery } from "./montgomery";
import { wnafDigits } from "./wnaf";

// Window widths: G's table (32 points) is paid for once per curve, a key's
// (8 points) once per key import.
const GENERATOR_WINDOW: i32 = 7;
const KEY_WINDOW: i32 = 5;

/** Odd multiples P, 3P, 5P, ... of one point, in affine form: entry i is (2i + 1)P. */
export type PointTable = StaticArray<AffinePoint>;

export class EllipticCurve {
  readonly name: string;
  readonly byteLength: i32;
  readonly field: Montgomery;
  readonly order: Montgomery;
  readonly arithmetic: PointArithmetic;
  /** b in Montgomery form. */
  private readonly b: StaticArray<u32>;
  private readonly primeMinusTwo: StaticArray<u32>;
  private readonly orderMinusTwo: StaticArray<u32>;
  private readonly generatorTable: PointTable;

  constructor(parameters: CurveParameters) {
    this.name = parameters.name;
    this.byteLength = parameters.byteLength;
    const limbs = parameters.byteLength >> 2;
    const prime = limbsFromHex(parameters.primeHex, limbs);
    const order = limbsFromHex(parameters.orderHex, limbs);
    const field = Montgomery.create(prime)!;
    this.field = field;
    this.order = Montgomery.create(order)!;
    this.arithmetic = new PointArithmetic(field);
    const b = field.newValue();
    field.toMontgomery(b, limbsFromHex(parameters.bHex, limbs));
    this.b = b;
    this.primeMinusTwo = minusTwo(prime);
    this.orderMinusTwo = minusTwo(order);
    this.generatorTable = new StaticArray<AffinePoint>(0);
    const gx = limbsFromHex(parameters.generatorXHex, limbs);
    const gy = limbsFromHex(parameters.generatorYHex, limbs);
    this.generatorTable = this.oddMultiples(gx, gy, GENERATOR_WINDOW);
  }

  /** Limbs in a field element or scalar. */
  get limbs(): i32 {
    return this.field.limbs;
  }

  /** True when plain (x, y), both below p, satisfies y^2 = x^3 - 3x + b. */
  isOnCurve(x: StaticArray<u32>, y: StaticArray<u32>): bool {
    const f = this.field;
    if (!f.isReduced(x) || !f.isReduced(y)) return false;
    const xm = f.newValue(), ym = f.newValue(), left = f.newValue(), right = f.newValue();
    f.toMontgomery(xm, x);
    f.toMontgomery(ym, y);
    f.multiply(left, ym, ym);
    // right = (x^2 - 3) x + b
    f.multiply(right, xm, xm);
    f.subtract(right, right, f.one);
    f.subtract(right, right, f.one);
    f.subtract(right, right, f.one);
    f.multiply(right, right, xm);
    f.add(right, right, this.b);
    return compareLimbs(left, right, f.limbs) == 0;
  }

  /** The table for a public key at plain affine (x, y), which the caller has checked is on the curve. */
  keyTable(x: StaticArray<u32>, y: StaticArray<u32>): PointTable {
    return this.oddMultiples(x, y, KEY_WINDOW);
  }

  /** u1*G + u2*Q for plain scalars below n, Q given by its table. */
  linearCombination(u1: StaticArray<u32>, u2: StaticArray<u32>, qTable: PointTable): JacobianPoint {
    const arithmetic = this.arithmetic;
    const gTable = this.generatorTable;
    const gDigits = wnafDigits(u1, GENERATOR_WINDOW);
    const qDigits = wnafDigits(u2, KEY_WINDOW);
    const result = new JacobianPoint(this.field);
    for (let i = gDigits.length - 1; i >= 0; i--) {
      if (!result.isInfinity()) arithmetic.double(result, result);
      const gDigit = <i32>unchecked(gDigits[i]);
      if (gDigit != 0) arithmetic.addAffine(result, result, unchecked(gTable[abs(gDigit) >> 1]), gDigit < 0);
      const qDigit = <i32>unchecked(qDigits[i]);
      if (qDigit != 0) arithmetic.addAffine(result, result, unchecked(qTable[abs(qDigit) >> 1]), qDigit < 0);
    }
    return result;
  }

  /**
   * True when the affine x of `point` (not infinity), reduced mod n, is the
   * plain `r` in [1, n-1]. Needs no inversion: x = X/Z^2 is below p < 2n, so
   * x mod n = r means x = r or x = r + n, that is X = r Z^2 or (when
   * r + n < p) X = (r + n) Z^2 in the field.
   */
  xModOrderEquals(point: JacobianPoint, r: StaticArray<u32>): bool {
    const f = this.field;
    const limbs = f.limbs;
    const zSquared = f.newValue();
    const candidate = f.newValue();
    f.multiply(zSquared, point.z, point.z);
    f.toMontgomery(candidate, r);
    f.multiply(candidate, candidate, zSquared);
    if (compareLimbs(candidate, point.x, limbs) == 0) return true;
    const shifted = f.newValue();
    if (addLimbs(shifted, r, this.order.modulus, limbs) != 0 || !f.isReduced(shifted)) return false;
    f.toMontgomery(candidate, shifted);
    f.multiply(candidate, candidate, zSquared);
    return compareLimbs(candidate, point.x, limbs) == 0;
  }

  /** 1/s mod n in Montgomery form of the order context, for plain s in [1, n-1]. */
  inverseModOrder(s: StaticArray<u32>): StaticArray<u32> {
    const o = this.order;
    const inverse = o.newValue();
    o.toMontgomery(inverse, s);
    o.power(inverse, inverse, this.orderMinusTwo); // s^(n-2) = 1/s, n prime
    return inverse;
  }

  /** P, 3P, ..., (2^(width-1) - 1)P for plain affine P = (x, y), as affine points. */
  private oddMultiples(x: StaticArray<u32>, y: StaticArray<u32>, width: i32): PointTable {
    const f = this.field;
    const point = new AffinePoint(f.newValue(), f.newValue());
    f.toMontgomery(point.x, x);
    f.toMontgomery(point.y, y);
    const count = 1 << (width - 2);
    const multiples = new StaticArray<JacobianPoint>(count);
    // Walk P, 2P, 3P, ... adding P each time, keeping the odd ones. None is
    // infinity: every multiple is below the prime order n.
    const walker = new JacobianPoint(f);
    this.arithmetic.addAffine(walker, walker, point, false);
    for (let k = 1; k < 2 * count; k++) {
      if ((k & 1) != 0) {
        const kept = new JacobianPoint(f);
        kept.copyFrom(walker);
        multiples[k >> 1] = kept;
      }
      this.arithmetic.addAffine(walker, walker, point, false);
    }
    return this.toAffine(multiples);
  }

  /**
   * The affine forms of points none of which is infinity, with a single
   * field inversion for all of them (Montgomery's simultaneous inversion).
   */
  private toAffine(points: StaticArray<JacobianPoint>): PointTable {
    const f = this.field;
    const count = points.length;
    // prefix[i] = Z_0 Z_1 ... Z_i
    const prefix = new StaticArray<StaticArray<u32>>(count);
    for (let i = 0; i < count; i++) {
      const product = f.newValue();
      if (i == 0) copyLimbs(product, points[0].z, f.limbs);
      else f.multiply(product, prefix[i - 1], points[i].z);
      prefix[i] = product;
    }
    const inverse = f.newValue();
    f.power(inverse, prefix[count - 1], this.primeMinusTwo); // 1 / (Z_0 ... Z_last)
    const table = new StaticArray<AffinePoint>(count);
    const zInverse = f.newValue();
    const zInverseSquared = f.newValue();
    for (let i = count - 1; i >= 0; i--) {
      const point = points[i];
      if (i > 0) {
        f.multiply(zInverse, inverse, prefix[i - 1]);
        f.multiply(inverse, inverse, point.z);
      } else {
        copyLimbs(zInverse, inverse, f.limbs);
      }
      f.multiply(zInverseSquared, zInverse, zInverse);
      const affine = new AffinePoint(f.newValue(), f.newValue());
      f.multiply(affine.x, point.x, zInverseSquared);
      f.multiply(affine.y, point.y, zInverseSquared);
      f.multiply(affine.y, affine.y, zInverse);
      table[i] = affine;
    }
    return table;
  }
}

function minusTwo(value: StaticArray<u32>): StaticArray<u32> {
  const two = new StaticArray<u32>(value.length);
  two[0] = 2;
  const out = new StaticArray<u32>(value.length);
  subtractLimbs(out, value, two, value.length);
  return out;
}
