// Points on a curve y^2 = x^3 - 3x + b, as raw addresses of field values
// in Montgomery form: a Jacobian point (X, Y, Z), standing for the affine
// (X/Z^2, Y/Z^3), is three consecutive values; an affine point (x, y), as
// tables hold them, two. The point at infinity has no coordinates here:
// callers track it (see EllipticCurve's linear combination), since a
// value that is 0 mod p need not be stored as 0.

import { fieldBytes, fieldIsZero, fieldZero } from "./ec-field";

/**
 * Doubling and mixed addition for a = -3 over the field F, with scratch
 * values of its own so the hot loop allocates nothing. Results may alias
 * inputs. Unmanaged: built once per curve and kept for good.
 */
@unmanaged export class PointFormulas<F> {
  readonly field: F;
  /** Bytes per field value. */
  readonly size: usize;
  private readonly t0: usize;
  private readonly t1: usize;
  private readonly t2: usize;
  private readonly t3: usize;
  private readonly t4: usize;
  private readonly t5: usize;
  private readonly t6: usize;

  constructor(field: F) {
    this.field = field;
    const size = fieldBytes(field);
    this.size = size;
    const scratch = heap.alloc(size * 7);
    this.t0 = scratch;
    this.t1 = scratch + size;
    this.t2 = scratch + 2 * size;
    this.t3 = scratch + 3 * size;
    this.t4 = scratch + 4 * size;
    this.t5 = scratch + 5 * size;
    this.t6 = scratch + 6 * size;
  }

  /**
   * out = 2P for P not at infinity, by the a = -3 formulas "dbl-2001-b"
   * (Bernstein and Lange, Explicit-Formulas Database) with Z3 = 2 Y Z.
   * No point of these prime-order curves has Y = 0, so 2P is never
   * infinity.
   */
  double(out: usize, p: usize): void {
    const f = this.field;
    const s = this.size;
    const x = p, y = p + s, z = p + 2 * s;
    const outX = out, outY = out + s, outZ = out + 2 * s;
    const delta = this.t0, gamma = this.t1, beta = this.t2, alpha = this.t3, scratch = this.t4;
    f.square(delta, z);
    f.square(gamma, y);
    f.multiply(beta, x, gamma);
    // alpha = 3 (X - delta)(X + delta), which is 3X^2 + a Z^4 for a = -3.
    f.subtract(alpha, x, delta);
    f.add(scratch, x, delta);
    f.multiply(alpha, alpha, scratch);
    f.multiplySmall(alpha, alpha, 3);
    // Z3 = 2 Y Z, the last use of Y and Z.
    f.multiply(outZ, y, z);
    f.add(outZ, outZ, outZ);
    // X3 = alpha^2 - 8 beta.
    f.multiplySmall(scratch, beta, 8);
    f.multiplySmall(beta, beta, 4);
    f.square(outX, alpha);
    f.subtract(outX, outX, scratch);
    // Y3 = alpha (4 beta - X3) - 8 gamma^2.
    f.subtract(beta, beta, outX);
    f.square(scratch, gamma);
    f.multiplySmall(scratch, scratch, 8);
    f.multiply(outY, alpha, beta);
    f.subtract(outY, outY, scratch);
  }

  /**
   * out = P + Q, or P - Q when `negate`, for P (Jacobian) not at infinity
   * and Q affine, by the mixed addition "madd-2007-bl" (Explicit-Formulas
   * Database) with Z3 = 2 Z1 H. Returns true when the sum is the point at
   * infinity (P = -Q), and then leaves `out` untouched; P = Q is doubled.
   */
  addAffine(out: usize, p: usize, q: usize, negate: bool): bool {
    const f = this.field;
    const s = this.size;
    const x1 = p, y1 = p + s, z1 = p + 2 * s;
    let qy = q + s;
    if (negate) {
      f.subtract(this.t6, fieldZero(), qy);
      qy = this.t6;
    }
    const z1z1 = this.t0, h = this.t1, r = this.t2, i = this.t3, j = this.t4, v = this.t5;
    f.square(z1z1, z1);
    f.multiply(h, q, z1z1); // U2
    f.subtract(h, h, x1); // H = U2 - X1
    f.multiply(r, qy, z1);
    f.multiply(r, r, z1z1); // S2 = Y2 Z1^3
    f.subtract(r, r, y1); // S2 - Y1
    if (fieldIsZero(f, h)) {
      if (fieldIsZero(f, r)) {
        this.double(out, p);
        return false;
      }
      return true;
    }
    f.add(r, r, r); // r = 2 (S2 - Y1)
    // I = 4 H^2, J = H I, V = X1 I.
    f.add(i, h, h);
    f.square(i, i);
    f.multiply(j, h, i);
    f.multiply(v, x1, i);
    // Z3 = 2 Z1 H, the last use of Z1.
    f.multiply(out + 2 * s, z1, h);
    f.add(out + 2 * s, out + 2 * s, out + 2 * s);
    // 2 Y1 J, kept in h, before Y1 may be overwritten.
    f.multiply(h, y1, j);
    f.add(h, h, h);
    // X3 = r^2 - J - 2V.
    f.square(out, r);
    f.subtract(out, out, j);
    f.subtract(out, out, v);
    f.subtract(out, out, v);
    // Y3 = r (V - X3) - 2 Y1 J.
    f.subtract(v, v, out);
    f.multiply(out + s, r, v);
    f.subtract(out + s, out + s, h);
    return false;
  }
}
