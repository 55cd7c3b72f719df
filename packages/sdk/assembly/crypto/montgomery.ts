// Arithmetic modulo an odd N in Montgomery form (x is held as x*R mod N,
// R = 2^(32*limbs)), so a modular product needs no division: one pass of
// CIOS (coarsely integrated operand scanning) multiplication and reduction.
// One context is built per modulus at key import; its constants (R mod N,
// R^2 mod N, -1/N mod 2^32) and scratch space are reused by every operation.

import {
  addLimbs, bitAt, bitLength, bitsAt, compareLimbs, copyLimbs, subtractLimbs,
} from "./bigint";

// Exponents wider than this use a 4-bit window; narrower ones (RSA's e) the
// plain square-and-multiply, which is cheaper for them.
const WINDOW_BITS: i32 = 4;
const WINDOW_THRESHOLD_BITS: i32 = 64;

export class Montgomery {
  /** Limbs in every value of this context. */
  readonly limbs: i32;
  /** 1 in Montgomery form (R mod N). */
  readonly one: StaticArray<u32>;
  /** 0 (the same in both forms). Never write to it. */
  readonly zero: StaticArray<u32>;
  private readonly rSquared: StaticArray<u32>;
  private readonly plainOne: StaticArray<u32>;
  private readonly negativeInverse: u32;
  private readonly scratch: StaticArray<u32>;
  private windowTable: StaticArray<StaticArray<u32>> | null = null;

  /** A context for `modulus`, or null unless it is odd and at least 3. */
  static create(modulus: StaticArray<u32>): Montgomery | null {
    if (modulus.length == 0 || (unchecked(modulus[0]) & 1) == 0 || bitLength(modulus) < 2) return null;
    return new Montgomery(modulus);
  }

  private constructor(readonly modulus: StaticArray<u32>) {
    const limbs = modulus.length;
    this.limbs = limbs;
    this.scratch = new StaticArray<u32>(limbs + 2);
    this.negativeInverse = negativeInverseOfLimb(unchecked(modulus[0]));
    const plainOne = new StaticArray<u32>(limbs);
    plainOne[0] = 1;
    this.plainOne = plainOne;
    this.one = new StaticArray<u32>(limbs);
    this.zero = new StaticArray<u32>(limbs);
    this.rSquared = new StaticArray<u32>(limbs);
    this.computeOne(this.one);
    this.computeRSquared(this.rSquared);
  }

  /** A zeroed value sized for this context. */
  newValue(): StaticArray<u32> {
    return new StaticArray<u32>(this.limbs);
  }

  /** `out = a * b / R mod N`. Inputs below N; `out` may alias either. */
  multiply(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    const n = this.limbs;
    const m = this.modulus;
    // Raw addresses in the loops: with managed references there, the
    // incremental runtime spills them to its shadow stack on every access.
    const tp = changetype<usize>(this.scratch);
    const ap = changetype<usize>(a);
    const bp = changetype<usize>(b);
    const mp = changetype<usize>(m);
    const top = <usize>n << 2;
    multiplyReduce(tp, ap, bp, mp, top, this.negativeInverse);
    // Here t < 2N: one conditional subtraction brings it below N.
    const t = this.scratch;
    if (load<u32>(tp + top) != 0 || compareLimbs(t, m, n) >= 0) subtractLimbs(out, t, m, n);
    else copyLimbs(out, t, n);
  }

  /** `out = a * R mod N` (into Montgomery form). `a` below N. */
  toMontgomery(out: StaticArray<u32>, a: StaticArray<u32>): void {
    this.multiply(out, a, this.rSquared);
  }

  /** `out = a / R mod N` (out of Montgomery form). */
  fromMontgomery(out: StaticArray<u32>, a: StaticArray<u32>): void {
    this.multiply(out, a, this.plainOne);
  }

  /** `out = a + b mod N`. Inputs below N; `out` may alias. */
  add(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    const carry = addLimbs(out, a, b, this.limbs);
    if (carry != 0 || compareLimbs(out, this.modulus, this.limbs) >= 0) {
      subtractLimbs(out, out, this.modulus, this.limbs);
    }
  }

  /** `out = a - b mod N`. Inputs below N; `out` may alias. */
  subtract(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    if (subtractLimbs(out, a, b, this.limbs) != 0) addLimbs(out, out, this.modulus, this.limbs);
  }

  /** True when `a` (any width up to `limbs`) is below N. */
  isReduced(a: StaticArray<u32>): bool {
    return a.length == this.limbs && compareLimbs(a, this.modulus, this.limbs) < 0;
  }

  /** `a mod N` for `a` below 2N, in place. */
  reduceOnce(a: StaticArray<u32>): void {
    if (compareLimbs(a, this.modulus, this.limbs) >= 0) subtractLimbs(a, a, this.modulus, this.limbs);
  }

  /**
   * `out = base^exponent` with `base` and `out` in Montgomery form. Left-to-
   * right: a 4-bit window for wide exponents (field inversions), plain
   * square-and-multiply for narrow ones (RSA public exponents).
   */
  power(out: StaticArray<u32>, base: StaticArray<u32>, exponent: StaticArray<u32>): void {
    const bits = bitLength(exponent);
    if (bits > WINDOW_THRESHOLD_BITS) {
      this.powerWindowed(out, base, exponent, bits);
      return;
    }
    const accumulator = this.newValue();
    copyLimbs(accumulator, this.one, this.limbs);
    for (let i = bits - 1; i >= 0; i--) {
      this.multiply(accumulator, accumulator, accumulator);
      if (bitAt(exponent, i) != 0) this.multiply(accumulator, accumulator, base);
    }
    copyLimbs(out, accumulator, this.limbs);
  }

  private powerWindowed(out: StaticArray<u32>, base: StaticArray<u32>, exponent: StaticArray<u32>, bits: i32): void {
    const table = this.windowPowers(base);
    const accumulator = this.newValue();
    copyLimbs(accumulator, this.one, this.limbs);
    let position = ((bits + WINDOW_BITS - 1) / WINDOW_BITS) * WINDOW_BITS;
    while (position > 0) {
      position -= WINDOW_BITS;
      for (let k = 0; k < WINDOW_BITS; k++) this.multiply(accumulator, accumulator, accumulator);
      const digit = bitsAt(exponent, position, WINDOW_BITS);
      if (digit != 0) this.multiply(accumulator, accumulator, unchecked(table[digit]));
    }
    copyLimbs(out, accumulator, this.limbs);
  }

  /** base^0 .. base^15 in a table kept with the context (no allocation per call). */
  private windowPowers(base: StaticArray<u32>): StaticArray<StaticArray<u32>> {
    let table = this.windowTable;
    if (table === null) {
      table = new StaticArray<StaticArray<u32>>(1 << WINDOW_BITS);
      for (let i = 0; i < table.length; i++) table[i] = this.newValue();
      this.windowTable = table;
    }
    copyLimbs(table[0], this.one, this.limbs);
    copyLimbs(table[1], base, this.limbs);
    for (let i = 2; i < table.length; i++) this.multiply(table[i], table[i - 1], base);
    return table;
  }

  /** R mod N, by doubling the largest power of two below N up to 2^(32*limbs). */
  private computeOne(value: StaticArray<u32>): void {
    const start = bitLength(this.modulus) - 1;
    value[start >> 5] = 1 << (<u32>start & 31);
    for (let bit = start; bit < this.limbs << 5; bit++) this.doubleInPlace(value);
  }

  /**
   * R^2 mod N. In Montgomery form 2^j is R*2^j, squaring doubles j and
   * a modular doubling adds one to it; walking the bits of 32*limbs from
   * j = 1 ends at 2^(32*limbs) = R, whose Montgomery form is R^2.
   */
  private computeRSquared(value: StaticArray<u32>): void {
    const target = this.limbs << 5;
    copyLimbs(value, this.one, this.limbs);
    this.doubleInPlace(value);
    for (let bit = 30 - <i32>clz<u32>(<u32>target); bit >= 0; bit--) {
      this.multiply(value, value, value);
      if (((target >> bit) & 1) != 0) this.doubleInPlace(value);
    }
  }

  private doubleInPlace(value: StaticArray<u32>): void {
    this.add(value, value, value);
  }
}

/**
 * CIOS Montgomery multiplication into the scratch limbs at `t` (n + 2 of
 * them; `top` = 4n): t = a * b / 2^(32n), below 2N.
 */
function multiplyReduce(t: usize, a: usize, b: usize, m: usize, top: usize, inverse: u32): void {
  memory.fill(t, 0, top + 8);
  for (let i: usize = 0; i < top; i += 4) {
    // t += a * b[i]
    const bi = <u64>load<u32>(b + i);
    let carry: u64 = 0;
    for (let j: usize = 0; j < top; j += 4) {
      const sum = <u64>load<u32>(t + j) + <u64>load<u32>(a + j) * bi + carry;
      store<u32>(t + j, <u32>sum);
      carry = sum >> 32;
    }
    let sum = <u64>load<u32>(t + top) + carry;
    store<u32>(t + top, <u32>sum);
    store<u32>(t + top + 4, <u32>(sum >> 32));
    // t = (t + q * N) / 2^32, with q chosen so the low limb becomes zero.
    // The mask is not redundant: asc 0.28 -O3 turned `<u64>(u32 * u32)` on a
    // load into a 64-bit product without the wrap to 32 bits.
    const q = <u64>(load<u32>(t) * inverse) & 0xffffffff;
    carry = (<u64>load<u32>(t) + q * <u64>load<u32>(m)) >> 32;
    for (let j: usize = 4; j < top; j += 4) {
      sum = <u64>load<u32>(t + j) + q * <u64>load<u32>(m + j) + carry;
      store<u32>(t + j - 4, <u32>sum);
      carry = sum >> 32;
    }
    sum = <u64>load<u32>(t + top) + carry;
    store<u32>(t + top - 4, <u32>sum);
    store<u32>(t + top, load<u32>(t + top + 4) + <u32>(sum >> 32));
  }
}

/** -1/x mod 2^32 for odd x, by Newton's iteration (each step doubles the correct bits). */
function negativeInverseOfLimb(x: u32): u32 {
  let inverse = x; // right to 3 bits for any odd x
  for (let i = 0; i < 4; i++) inverse *= 2 - x * inverse;
  return 0 - inverse;
}
