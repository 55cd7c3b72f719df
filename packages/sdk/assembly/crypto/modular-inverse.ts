// 1/a mod m for an odd m by the binary extended Euclidean algorithm
// (Menezes, van Oorschot and Vanstone, Handbook of Applied Cryptography,
// algorithm 14.61, for odd moduli), removing all trailing zero bits of a
// difference at once. Its running time depends on the values, so it is
// for public ones only: ECDSA verification inverts s, which is part of the
// signature. A few hundred word operations, where Fermat's a^(m-2) costs
// hundreds of modular products.

/** 1/a mod m as `m.length` limbs, for an odd modulus m and a in [1, m - 1] with gcd(a, m) = 1 (m prime: any such a). */
export function inverseModOdd(a: StaticArray<u32>, m: StaticArray<u32>): StaticArray<u32> {
  const limbs = m.length;
  const u = new StaticArray<u32>(limbs);
  const v = new StaticArray<u32>(limbs);
  // x1 and x2 have a spare limb for x + q m before its division by 2^k.
  const x1 = new StaticArray<u32>(limbs + 1);
  const x2 = new StaticArray<u32>(limbs + 1);
  memory.copy(changetype<usize>(u), changetype<usize>(a), <usize>limbs << 2);
  memory.copy(changetype<usize>(v), changetype<usize>(m), <usize>limbs << 2);
  unchecked((x1[0] = 1));
  const inverse = negativeInverse32(unchecked(m[0]));
  // Invariants: x1 a = u and x2 a = v (mod m), x1 and x2 in [0, m); u and v odd.
  makeOdd(u, x1, m, inverse);
  for (let guard = 0; guard < 4 * 32 * limbs; guard++) {
    const order = compare(u, v, limbs);
    if (order == 0) break; // u = v = gcd(a, m), which is 1 for a prime m and a not 0
    if (order > 0) {
      subtract(u, v, limbs);
      subtractMod(x1, x2, m);
      makeOdd(u, x1, m, inverse);
    } else {
      subtract(v, u, limbs);
      subtractMod(x2, x1, m);
      makeOdd(v, x2, m, inverse);
    }
  }
  const out = new StaticArray<u32>(limbs);
  memory.copy(changetype<usize>(out), changetype<usize>(x1), <usize>limbs << 2);
  return out;
}

/** Divides the even, non-zero `value` by 2^k until it is odd, and `x` by the same 2^k modulo m. */
function makeOdd(value: StaticArray<u32>, x: StaticArray<u32>, m: StaticArray<u32>, inverse: u32): void {
  const limbs = value.length;
  for (let i = 0; i < limbs && unchecked(value[0]) == 0; i++) {
    // Whole zero limbs: 2^32 in two steps of 16 bits for x (its steps stay below 32 bits).
    shiftRight(value, 32);
    halveModTimes(x, m, inverse, 16);
    halveModTimes(x, m, inverse, 16);
  }
  const k = <i32>ctz<u32>(unchecked(value[0]));
  if (k == 0) return;
  shiftRight(value, k);
  halveModTimes(x, m, inverse, k);
}

/** x = x / 2^k mod m for 1 <= k <= 31: x + q m is a multiple of 2^k for q = -x/m mod 2^k, and below 2^k m + m. */
function halveModTimes(x: StaticArray<u32>, m: StaticArray<u32>, inverse: u32, k: i32): void {
  const limbs = m.length;
  const q = <u64>((unchecked(x[0]) * inverse) & ((<u32>1 << <u32>k) - 1));
  let carry: u64 = 0;
  for (let i = 0; i < limbs; i++) {
    const sum = <u64>unchecked(x[i]) + q * <u64>unchecked(m[i]) + carry;
    unchecked((x[i] = <u32>sum));
    carry = sum >> 32;
  }
  unchecked((x[limbs] = <u32>carry));
  shiftRight(x, k);
  // Now below 2m: one subtraction at most.
  if (unchecked(x[limbs]) != 0 || compare(x, m, limbs) >= 0) subtract(x, m, limbs);
  unchecked((x[limbs] = 0));
}

/** value >>= k for 1 <= k <= 32 (all of its limbs). */
function shiftRight(value: StaticArray<u32>, k: i32): void {
  const last = value.length - 1;
  if (k == 32) {
    for (let i = 0; i < last; i++) unchecked((value[i] = value[i + 1]));
    unchecked((value[last] = 0));
    return;
  }
  const shift = <u32>k;
  for (let i = 0; i < last; i++) {
    unchecked((value[i] = (value[i] >> shift) | (value[i + 1] << (32 - shift))));
  }
  unchecked((value[last] = value[last] >> shift));
}

/** Compares the low `limbs` limbs: -1, 0 or 1. */
function compare(a: StaticArray<u32>, b: StaticArray<u32>, limbs: i32): i32 {
  for (let i = limbs - 1; i >= 0; i--) {
    const x = unchecked(a[i]);
    const y = unchecked(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** a -= b over the low `limbs` limbs (a >= b, or a carried limb above covers the borrow). */
function subtract(a: StaticArray<u32>, b: StaticArray<u32>, limbs: i32): void {
  let borrow: u64 = 0;
  for (let i = 0; i < limbs; i++) {
    const difference = <u64>unchecked(a[i]) - <u64>unchecked(b[i]) - borrow;
    unchecked((a[i] = <u32>difference));
    borrow = (difference >> 32) & 1;
  }
}

/** x = x - y mod m, for x and y in [0, m). */
function subtractMod(x: StaticArray<u32>, y: StaticArray<u32>, m: StaticArray<u32>): void {
  const limbs = m.length;
  if (compare(x, y, limbs) >= 0) {
    subtract(x, y, limbs);
    return;
  }
  // x + m - y, which is in (0, m): add m first into the spare limb.
  let carry: u64 = 0;
  for (let i = 0; i < limbs; i++) {
    const sum = <u64>unchecked(x[i]) + <u64>unchecked(m[i]) + carry;
    unchecked((x[i] = <u32>sum));
    carry = sum >> 32;
  }
  subtract(x, y, limbs); // the borrow out cancels the carry
}

/** -1/x mod 2^32 for odd x, by Newton's iteration. */
function negativeInverse32(x: u32): u32 {
  let inverse = x; // right to 3 bits for any odd x
  for (let i = 0; i < 4; i++) inverse *= 2 - x * inverse;
  return 0 - inverse;
}
