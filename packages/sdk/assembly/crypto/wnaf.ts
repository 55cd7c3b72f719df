// Width-w non-adjacent form (wNAF) of a scalar: signed odd digits in
// (-2^(w-1), 2^(w-1)) with at least w-1 zeros after each non-zero one, so
// k*P needs about bits/(w+1) additions of the odd multiples P, 3P, 5P, ...
// (a negative digit adds the negated point, which costs nothing).

/**
 * Writes into `digits` the wNAF of bits [start, start + count) of the
 * scalar `k` (32-bit limbs, unchanged), least significant digit first:
 * `count + 1` digits (a carry can reach one position past the top), the
 * rest of `digits` zeroed. Reads windows of the scalar where they start
 * instead of shifting the whole number for every bit.
 */
export function wnafDigitsOf(k: StaticArray<u32>, start: i32, count: i32, width: i32, digits: StaticArray<i8>): void {
  memory.fill(changetype<usize>(digits), 0, <usize>digits.length);
  const length = count + 1;
  const end = start + count;
  let carry: u32 = 0;
  let bit = 0;
  while (bit < length) {
    if (bitsAt(k, start + bit, 1, end) == carry) {
      bit++;
      continue;
    }
    const now = min(width, length - bit);
    let word = <i32>(bitsAt(k, start + bit, now, end) + carry);
    carry = <u32>(word >> (width - 1)) & 1;
    word -= <i32>(carry << <u32>width);
    unchecked((digits[bit] = <i8>word));
    bit += now;
  }
}

/** `count` (<= 31) bits of `k` from bit `position`, bits at or past `end` (or past the limbs) read as zero. */
// @ts-ignore: decorator
@inline function bitsAt(k: StaticArray<u32>, position: i32, count: i32, end: i32): u32 {
  if (position >= end) return 0;
  const limb = position >> 5;
  const shift = <u32>position & 31;
  let value: u64 = <u64>unchecked(k[limb]) >> shift;
  if (shift + <u32>count > 32 && limb + 1 < k.length) value |= <u64>unchecked(k[limb + 1]) << (32 - shift);
  const available = min(count, end - position);
  return <u32>value & ((1 << <u32>available) - 1);
}
