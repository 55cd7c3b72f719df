// Points in Jacobian coordinates (X, Y, Z) standing for the affine point
// (X/Z^2, Y/Z^3), with every coordinate in Montgomery form. Z = 0 is the
// point at infinity. Adding and doubling need no field inversion this way.

import { copyLimbs, isZeroLimbs } from "./bigint";
import { Montgomery } from "./montgomery";

export class JacobianPoint {
  readonly x: StaticArray<u32>;
  readonly y: StaticArray<u32>;
  readonly z: StaticArray<u32>;

  /** The point at infinity, sized for `field`. */
  constructor(field: Montgomery) {
    this.x = field.newValue();
    this.y = field.newValue();
    this.z = field.newValue();
  }

  isInfinity(): bool {
    return isZeroLimbs(this.z);
  }

  setInfinity(): void {
    this.z.fill(0);
  }

  copyFrom(other: JacobianPoint): void {
    const limbs = this.x.length;
    copyLimbs(this.x, other.x, limbs);
    copyLimbs(this.y, other.y, limbs);
    copyLimbs(this.z, other.z, limbs);
  }
}

/** A point (x, y) with Z = 1, coordinates in Montgomery form; tables hold these. */
export class AffinePoint {
  constructor(
    readonly x: StaticArray<u32>,
    readonly y: StaticArray<u32>,
  ) {}
}

/**
 * Doubling and addition on a curve with a = -3, with scratch values kept
 * here so the hot loop allocates nothing. Results may alias inputs.
 */
export class PointArithmetic {
  private readonly t0: StaticArray<u32>;
  private readonly t1: StaticArray<u32>;
  private readonly t2: StaticArray<u32>;
  private readonly t3: StaticArray<u32>;
  private readonly t4: StaticArray<u32>;
  private readonly t5: StaticArray<u32>;
  private readonly t6: StaticArray<u32>;

  constructor(private readonly field: Montgomery) {
    this.t0 = field.newValue();
    this.t1 = field.newValue();
    this.t2 = field.newValue();
    this.t3 = field.newValue();
    this.t4 = field.newValue();
    this.t5 = field.newValue();
    this.t6 = field.newValue();
  }

  /**
   * out = 2P, by the a = -3 doubling formulas "dbl-2001-b" (Bernstein and
   * Lange, Explicit-Formulas Database). Infinity doubles to infinity
   * because Z3 comes out 0.
   */
  double(out: JacobianPoint, p: JacobianPoint): void {
    const f = this.field;
    const delta = this.t0, gamma = this.t1, beta = this.t2, alpha = this.t3, scratch = this.t4;
    f.multiply(delta, p.z, p.z);
    f.multiply(gamma, p.y, p.y);
    f.multiply(beta, p.x, gamma);
    // alpha = 3 (X - delta)(X + delta), which is 3X^2 + a Z^4 for a = -3.
    f.subtract(alpha, p.x, delta);
    f.add(scratch, p.x, delta);
    f.multiply(alpha, alpha, scratch);
    f.add(scratch, alpha, alpha);
    f.add(alpha, scratch, alpha);
    // Z3 = (Y + Z)^2 - gamma - delta, before Y is overwritten.
    f.add(out.z, p.y, p.z);
    f.multiply(out.z, out.z, out.z);
    f.subtract(out.z, out.z, gamma);
    f.subtract(out.z, out.z, delta);
    // X3 = alpha^2 - 8 beta.
    f.add(beta, beta, beta);
    f.add(beta, beta, beta); // 4 beta
    f.multiply(out.x, alpha, alpha);
    f.subtract(out.x, out.x, beta);
    f.subtract(out.x, out.x, beta);
    // Y3 = alpha (4 beta - X3) - 8 gamma^2.
    f.subtract(beta, beta, out.x);
    f.multiply(scratch, gamma, gamma);
    f.add(scratch, scratch, scratch);
    f.add(scratch, scratch, scratch);
    f.add(scratch, scratch, scratch);
    f.multiply(out.y, alpha, beta);
    f.subtract(out.y, out.y, scratch);
  }

  /**
   * out = P + Q (or P - Q when `negate`) for affine Q, by the mixed
   * addition "madd-2007-bl" (Explicit-Formulas Database): Z2 = 1 saves five
   * of the eleven-plus-five products of a general addition. Cases those
   * formulas do not cover come first: P at infinity, P = Q (doubling) and
   * P = -Q (infinity).
   */
  addAffine(out: JacobianPoint, p: JacobianPoint, q: AffinePoint, negate: bool): void {
    const f = this.field;
    const qy = this.t6;
    if (negate) f.subtract(qy, f.zero, q.y);
    else copyLimbs(qy, q.y, f.limbs);
    if (p.isInfinity()) {
      copyLimbs(out.x, q.x, f.limbs);
      copyLimbs(out.y, qy, f.limbs);
      copyLimbs(out.z, f.one, f.limbs);
      return;
    }
    const z1z1 = this.t0, h = this.t1, r = this.t2, i = this.t3, j = this.t4, v = this.t5;
    f.multiply(z1z1, p.z, p.z);
    f.multiply(h, q.x, z1z1); // U2
    f.subtract(h, h, p.x); // H = U2 - X1
    f.multiply(r, qy, p.z);
    f.multiply(r, r, z1z1); // S2 = Y2 Z1^3
    f.subtract(r, r, p.y); // S2 - Y1
    if (isZeroLimbs(h)) {
      if (isZeroLimbs(r)) this.double(out, p);
      else out.setInfinity();
      return;
    }
    f.add(r, r, r); // r = 2 (S2 - Y1)
    // I = 4 H^2, J = H I, V = X1 I.
    f.add(i, h, h);
    f.multiply(i, i, i);
    f.multiply(j, h, i);
    f.multiply(v, p.x, i);
    // Z3 = 2 Z1 H (the same as (Z1 + H)^2 - Z1Z1 - H^2).
    f.multiply(out.z, p.z, h);
    f.add(out.z, out.z, out.z);
    // Y1 J is needed for Y3 before Y1 may be overwritten: keep 2 Y1 J in h.
    f.multiply(h, p.y, j);
    f.add(h, h, h);
    // X3 = r^2 - J - 2V.
    f.multiply(out.x, r, r);
    f.subtract(out.x, out.x, j);
    f.subtract(out.x, out.x, v);
    f.subtract(out.x, out.x, v);
    // Y3 = r (V - X3) - 2 Y1 J.
    f.subtract(v, v, out.x);
    f.multiply(out.y, r, v);
    f.subtract(out.y, out.y, h);
  }
}
