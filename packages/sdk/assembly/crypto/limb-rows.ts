// The inner loop of the wide Montgomery arithmetic (montgomery-wide.ts):
// two rows of a schoolbook product added into 64-bit column sums at once,
// t[k] += m0 * x[k + 1] + m1 * x[k] (the second row is the same limbs one
// column on, so one pointer serves both: a single address per load in V8's
// code). Limbs are u32 holding at most 28 bits, so the sums take many
// products without carries; callers bound how many.
//
// Built with SIMD (asc --enable simd), two products per instruction
// (i64x2.extmul of u32 lanes); without it, the same sums in scalar code.
// Both work in chunks of LIMB_CHUNK limbs: callers pad x with zero limbs
// and leave room in t, so the extra terms of the last chunk add zero.

/** Limbs per loop step; counts are rounded up to a multiple of this. */
export const LIMB_CHUNK: i32 = 4;

/**
 * t[k] += m0 * x[k + 1] + m1 * x[k] for k in [0, count) rounded up to
 * whole chunks: `t` holds u64 column sums, `x` u32 limbs (two rows of a
 * product: row i reads x from one limb further than row i + 1).
 */
// @ts-ignore: decorator
@inline export function addRowPair(t: usize, x: usize, m0: u32, m1: u32, count: i32): void {
  const end = x + (<usize>count << 2);
  if (ASC_FEATURE_SIMD) {
    const v0 = i32x4.splat(m0);
    const v1 = i32x4.splat(m1);
    for (let p = x, column = t; p < end; p += 16, column += 32) {
      const first = v128.load(p, 4);
      const second = v128.load(p);
      const low = i64x2.add(i64x2.extmul_low_i32x4_u(first, v0), i64x2.extmul_low_i32x4_u(second, v1));
      const high = i64x2.add(i64x2.extmul_high_i32x4_u(first, v0), i64x2.extmul_high_i32x4_u(second, v1));
      v128.store(column, i64x2.add(v128.load(column), low));
      v128.store(column, i64x2.add(v128.load(column, 16), high), 16);
    }
  } else {
    // Both widened before the products: asc 0.28 -O3 once computed
    // `<u64>(u32 * u32)` in 32 bits.
    const w0 = <u64>m0;
    const w1 = <u64>m1;
    for (let p = x, column = t; p < end; p += 16, column += 32) {
      store<u64>(column, load<u64>(column) + w0 * <u64>load<u32>(p, 4) + w1 * <u64>load<u32>(p));
      store<u64>(column, load<u64>(column, 8) + w0 * <u64>load<u32>(p, 8) + w1 * <u64>load<u32>(p, 4), 8);
      store<u64>(column, load<u64>(column, 16) + w0 * <u64>load<u32>(p, 12) + w1 * <u64>load<u32>(p, 8), 16);
      store<u64>(column, load<u64>(column, 24) + w0 * <u64>load<u32>(p, 16) + w1 * <u64>load<u32>(p, 12), 24);
    }
  }
}
