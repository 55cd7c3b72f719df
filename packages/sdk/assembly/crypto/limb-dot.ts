// Dot products of limb vectors: the inner loop of product-scanning
// multiplication, where one column of a product is the sum of x[i] * y[i]
// over a range of i (y read from a reversed copy). Limbs are u32 holding at
// most 29 significant bits, so each product fits 58 bits and the sums are
// kept in u64 without carries; callers bound how many terms one sum has.
//
// Built with SIMD (asc --enable simd), two products per instruction
// (i64x2.extmul of u32 lanes); without it, the same sums in scalar code.
// Both read whole chunks of LIMB_CHUNK limbs: callers pad their vectors with
// zero limbs so that reads past a range's end add nothing.

/** Limbs per loop step; ranges are rounded up to a multiple of this. */
export const LIMB_CHUNK: i32 = 8;
/** Bytes per loop step. */
export const LIMB_CHUNK_BYTES: usize = 32;

/** Sum of x[i] * y[i] for i in [0, bytes / 4), `bytes` a multiple of LIMB_CHUNK_BYTES. */
// @ts-ignore: decorator
@inline export function limbDot(x: usize, y: usize, bytes: usize): u64 {
  if (ASC_FEATURE_SIMD) {
    let low = i64x2.splat(0);
    let high = i64x2.splat(0);
    for (let i: usize = 0; i < bytes; i += LIMB_CHUNK_BYTES) {
      const x0 = v128.load(x + i);
      const y0 = v128.load(y + i);
      const x1 = v128.load(x + i, 16);
      const y1 = v128.load(y + i, 16);
      low = i64x2.add(low, i64x2.extmul_low_i32x4_u(x0, y0));
      high = i64x2.add(high, i64x2.extmul_high_i32x4_u(x0, y0));
      low = i64x2.add(low, i64x2.extmul_low_i32x4_u(x1, y1));
      high = i64x2.add(high, i64x2.extmul_high_i32x4_u(x1, y1));
    }
    return laneSum(i64x2.add(low, high));
  } else {
    let even: u64 = 0;
    let odd: u64 = 0;
    for (let i: usize = 0; i < bytes; i += LIMB_CHUNK_BYTES) {
      even += productAt(x + i, y + i, 0) + productAt(x + i, y + i, 8) + productAt(x + i, y + i, 16) + productAt(x + i, y + i, 24);
      odd += productAt(x + i, y + i, 4) + productAt(x + i, y + i, 12) + productAt(x + i, y + i, 20) + productAt(x + i, y + i, 28);
    }
    return even + odd;
  }
}

/** limbDot(x1, y1, bytes) + limbDot(x2, y2, bytes) in one loop. */
// @ts-ignore: decorator
@inline export function limbDotPair(x1: usize, y1: usize, x2: usize, y2: usize, bytes: usize): u64 {
  if (ASC_FEATURE_SIMD) {
    let first = i64x2.splat(0);
    let second = i64x2.splat(0);
    for (let i: usize = 0; i < bytes; i += LIMB_CHUNK_BYTES) {
      const a0 = v128.load(x1 + i);
      const b0 = v128.load(y1 + i);
      const c0 = v128.load(x2 + i);
      const d0 = v128.load(y2 + i);
      first = i64x2.add(first, i64x2.extmul_low_i32x4_u(a0, b0));
      second = i64x2.add(second, i64x2.extmul_low_i32x4_u(c0, d0));
      first = i64x2.add(first, i64x2.extmul_high_i32x4_u(a0, b0));
      second = i64x2.add(second, i64x2.extmul_high_i32x4_u(c0, d0));
      const a1 = v128.load(x1 + i, 16);
      const b1 = v128.load(y1 + i, 16);
      const c1 = v128.load(x2 + i, 16);
      const d1 = v128.load(y2 + i, 16);
      first = i64x2.add(first, i64x2.extmul_low_i32x4_u(a1, b1));
      second = i64x2.add(second, i64x2.extmul_low_i32x4_u(c1, d1));
      first = i64x2.add(first, i64x2.extmul_high_i32x4_u(a1, b1));
      second = i64x2.add(second, i64x2.extmul_high_i32x4_u(c1, d1));
    }
    return laneSum(i64x2.add(first, second));
  } else {
    return limbDot(x1, y1, bytes) + limbDot(x2, y2, bytes);
  }
}

// @ts-ignore: decorator
@inline function laneSum(v: v128): u64 {
  return i64x2.extract_lane(v, 0) + i64x2.extract_lane(v, 1);
}

// @ts-ignore: decorator
@inline function productAt(x: usize, y: usize, offset: usize): u64 {
  // Both widened before the product: asc 0.28 -O3 once computed
  // `<u64>(u32 * u32)` in 32 bits.
  return <u64>load<u32>(x + offset) * <u64>load<u32>(y + offset);
}
