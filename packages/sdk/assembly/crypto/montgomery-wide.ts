// Montgomery arithmetic for wide moduli (RSA's 2048 to 8192 bits), built
// for speed in WebAssembly:
//
// - Unsaturated limbs: w = 27 or 28 bits per u32 limb, so a column of a
//   product (every x[i] y[k - i] and m[i] n[k - i]) adds up in a u64
//   without carries, and SIMD forms two products per instruction.
// - Operand scanning two rows at a time: t[i + j] += x[i] y[j] +
//   x[i + 1] y[j - 1] for all j in one pass (limb-rows.ts), both rows read
//   through one pointer; the column sums live in a u64 array `t`.
//   Squaring adds each cross product x[i] x[j], i < j, once and doubles.
// - Reduction afterwards, two rows per pass as well: the quotient digits
//   m[i], m[i + 1] that clear the next two columns' low w bits, then
//   t += m[i] n + m[i + 1] n (shifted), and the carries kept aside.
// - Lazy reduction: R = 2^(w * limbs) >= 4n, so inputs below 2n give an
//   output below 2n with no final subtraction; only `power` reduces fully.
//
// Values are "padded limb vectors": StaticArray<u32> with WIDE_PADDING zero
// limbs before and after the value's limbs, so a row may be read one limb
// early and whole chunks past its end (the extra terms multiply a zero).
//
// Only for public values (signatures, public keys): not constant time.

import { LIMB_CHUNK, addRowPair } from "./limb-rows";
import {
  compareRadixLimbs, readRadixLimbs, significantBits, subtractRadixLimbs, writeRadixLimbs,
} from "./radix-limbs";

/**
 * Widest modulus: with 27-bit limbs a column holds up to 2 * 511 products
 * below 2^54 plus a carry, still below 2^64.
 */
export const WIDE_MAX_MODULUS_BITS: i32 = 13_000;

/** Zero limbs on each side of a padded limb vector. */
export const WIDE_PADDING: i32 = LIMB_CHUNK;
const PADDING_BYTES: usize = <usize>WIDE_PADDING << 2;

export class WideMontgomery {
  /** Limbs in a value. */
  readonly limbs: i32;
  /** Bits per limb. */
  readonly radixBits: u32;
  /** Significant bits of the modulus. */
  readonly modulusBits: i32;
  private readonly mask: u64;
  /** -1/n mod 2^w. */
  private readonly inverse: u64;
  /** The modulus n. */
  private readonly modulus: StaticArray<u32>;
  /** R^2 mod n (plain), which takes a value into Montgomery form. */
  private readonly rSquared: StaticArray<u32>;
  // Scratch, reused by every operation (no allocation per product): the
  // column sums of a product, 2 limbs + LIMB_CHUNK + 2 of them.
  private readonly columns: StaticArray<u64>;
  private readonly montgomeryBase: StaticArray<u32>;
  private readonly powerInput: StaticArray<u32>;
  private readonly powerOutput: StaticArray<u32>;

  /**
   * A context for the odd modulus given as big-endian bytes (leading zero
   * bytes allowed), or null when it is even, below 3 or wider than
   * WIDE_MAX_MODULUS_BITS.
   */
  static create(modulusBytes: Uint8Array): WideMontgomery | null {
    const bits = significantBits(modulusBytes);
    if (bits < 2 || bits > WIDE_MAX_MODULUS_BITS || (unchecked(modulusBytes[modulusBytes.length - 1]) & 1) == 0) return null;
    return new WideMontgomery(modulusBytes, bits);
  }

  private constructor(modulusBytes: Uint8Array, bits: i32) {
    const radixBits = radixBitsFor(bits);
    // R = 2^(w * limbs) >= 4n, for the lazy reduction; an even count of
    // limbs, for the passes of two rows.
    const limbs = evenLimbs(bits, radixBits);
    const modulus = paddedValue(limbs);
    writeRadixLimbs(valueStart(modulus), modulusBytes, radixBits, limbs);
    this.modulusBits = bits;
    this.radixBits = radixBits;
    this.limbs = limbs;
    this.mask = (<u64>1 << radixBits) - 1;
    this.modulus = modulus;
    this.inverse = negativeInverse(unchecked(modulus[WIDE_PADDING]), radixBits);
    this.rSquared = rSquaredModulo(modulus, limbs, radixBits);
    this.columns = new StaticArray<u64>(2 * limbs + LIMB_CHUNK + 2);
    this.montgomeryBase = paddedValue(limbs);
    this.powerInput = paddedValue(limbs);
    this.powerOutput = paddedValue(limbs);
  }

  /** A zero value (padded limb vector) for this context. */
  newValue(): StaticArray<u32> {
    return paddedValue(this.limbs);
  }

  /**
   * Reads big-endian `bytes` into `out`; false when the integer is not
   * below the modulus (then `out` holds garbage).
   */
  fromBytes(out: StaticArray<u32>, bytes: Uint8Array): bool {
    if (significantBits(bytes) > this.modulusBits) return false;
    writeRadixLimbs(valueStart(out), bytes, this.radixBits, this.limbs);
    return compareValues(out, this.modulus, this.limbs) < 0;
  }

  /** `value` (fully reduced) as `byteLength` big-endian bytes. */
  toBytes(value: StaticArray<u32>, byteLength: i32): Uint8Array {
    return readRadixLimbs(valueStart(value), this.radixBits, this.limbs, byteLength);
  }

  /** `out = a * b / R mod n`, inputs below 2n, output below 2n. `out` may alias `a` or `b`. */
  multiply(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>): void {
    const limbs = this.limbs;
    const t = this.clearColumns();
    const ap = valueStart(a);
    const bp = valueStart(b);
    // Rows i and i + 1: t[i + j] += a[i] b[j] + a[i + 1] b[j - 1], j = 0 .. limbs.
    for (let i = 0; i < limbs; i += 2) {
      const row = ap + (<usize>i << 2);
      addRowPair(t + (<usize>i << 3), bp - 4, load<u32>(row), load<u32>(row, 4), limbs + 1);
    }
    this.reduce(out);
  }

  /** `out = a * a / R mod n`, input below 2n, output below 2n. `out` may alias `a`. */
  square(out: StaticArray<u32>, a: StaticArray<u32>): void {
    const limbs = this.limbs;
    const t = this.clearColumns();
    const ap = valueStart(a);
    // Each cross product a[i] a[j], i < j, once. Rows i and i + 1 together:
    // a[i] a[i + 1] and a[i] a[i + 2] by hand (a[i + 1] a[i + 1] is not a
    // cross product), then t[i + j] += a[i] a[j] + a[i + 1] a[j - 1] for
    // j = i + 3 .. limbs.
    for (let i = 0; i < limbs; i += 2) {
      const row = ap + (<usize>i << 2);
      const first = load<u32>(row);
      const second = load<u32>(row, 4);
      const column = t + (<usize>(2 * i + 1) << 3);
      store<u64>(column, load<u64>(column) + <u64>first * <u64>second);
      store<u64>(column, load<u64>(column, 8) + <u64>first * <u64>load<u32>(row, 8), 8);
      addRowPair(column + 16, row + 8, first, second, limbs - i - 2);
    }
    // Twice the cross products, plus the squares a[k]^2 in column 2k.
    for (let k = 0; k < limbs; k++) {
      const limb = <u64>load<u32>(ap + (<usize>k << 2));
      const column = t + (<usize>k << 4);
      store<u64>(column, (load<u64>(column) << 1) + limb * limb);
      store<u64>(column, load<u64>(column, 8) << 1, 8);
    }
    this.reduce(out);
  }

  /** Zeroes the column sums; returns their address. */
  private clearColumns(): usize {
    const t = changetype<usize>(this.columns);
    memory.fill(t, 0, <usize>this.columns.length << 3);
    return t;
  }

  /**
   * out = (the product in the column sums) / R mod n, below 2n. Rows i and
   * i + 1 of the reduction: the quotient digits m[i] and m[i + 1] make
   * columns i and i + 1 multiples of 2^w (their carries go on in `carry`,
   * the columns themselves are not needed again), then
   * t[i + j] += m[i] n[j] + m[i + 1] n[j - 1] for j = 2 .. limbs.
   */
  private reduce(out: StaticArray<u32>): void {
    const limbs = this.limbs;
    const t = changetype<usize>(this.columns);
    const np = valueStart(this.modulus);
    const n0 = <u64>load<u32>(np);
    const n1 = <u64>load<u32>(np, 4);
    const w = <u64>this.radixBits;
    const mask = this.mask;
    const inverse = this.inverse;
    let carry: u64 = 0;
    for (let i = 0; i < limbs; i += 2) {
      const column = t + (<usize>i << 3);
      const low = load<u64>(column) + carry;
      const m0 = ((low & mask) * inverse) & mask;
      const high = load<u64>(column, 8) + ((low + m0 * n0) >> w) + m0 * n1;
      const m1 = ((high & mask) * inverse) & mask;
      carry = (high + m1 * n0) >> w;
      addRowPair(column + 16, np + 4, <u32>m0, <u32>m1, limbs - 1);
    }
    // The result is columns limbs .. 2 limbs - 1 plus the carry, normalised.
    const op = valueStart(out);
    const upper = t + (<usize>limbs << 3);
    for (let k = 0; k < limbs - 1; k++) {
      const sum = load<u64>(upper + (<usize>k << 3)) + carry;
      store<u32>(op + (<usize>k << 2), <u32>(sum & mask));
      carry = sum >> w;
    }
    store<u32>(op + (<usize>(limbs - 1) << 2), <u32>(load<u64>(upper + (<usize>(limbs - 1) << 3)) + carry));
  }

  /**
   * `out = base^exponent mod n`, fully reduced, for a plain `base` below n
   * and an odd `exponent` (RSA's e); `out` must not be `base`. Left to
   * right in Montgomery form, except that the last multiplication (the
   * exponent's bit 0) takes the plain base: x R * base / R leaves the result
   * plain, which saves the conversion back.
   */
  power(out: StaticArray<u32>, base: StaticArray<u32>, exponent: u32): void {
    const limbs = this.limbs;
    const top = 31 - <i32>clz<u32>(exponent);
    if (top <= 0) {
      memory.copy(changetype<usize>(out), changetype<usize>(base), <usize>out.length << 2);
      return;
    }
    const montgomeryBase = this.montgomeryBase;
    this.multiply(montgomeryBase, base, this.rSquared);
    memory.copy(changetype<usize>(out), changetype<usize>(montgomeryBase), <usize>out.length << 2);
    for (let bit = top - 1; bit >= 1; bit--) {
      this.square(out, out);
      if (((exponent >> <u32>bit) & 1) != 0) this.multiply(out, out, montgomeryBase);
    }
    this.square(out, out);
    this.multiply(out, out, base);
    // Below 2n: one subtraction makes it canonical.
    if (compareValues(out, this.modulus, limbs) >= 0) subtractValues(out, out, this.modulus, limbs, this.radixBits);
  }

  /**
   * `base^exponent mod n` for the big-endian integer in `base`, as
   * `byteLength` big-endian bytes; null when `base` is not below n.
   */
  powerOfBytes(base: Uint8Array, exponent: u32, byteLength: i32): Uint8Array | null {
    const input = this.powerInput;
    if (!this.fromBytes(input, base)) return null;
    this.power(this.powerOutput, input, exponent);
    return this.toBytes(this.powerOutput, byteLength);
  }
}

/** R^2 mod n (R = 2^(w limbs)) for the padded `modulus`, by doubling 1 modulo n 2 w limbs times (once per key). */
function rSquaredModulo(modulus: StaticArray<u32>, limbs: i32, w: u32): StaticArray<u32> {
  const value = paddedValue(limbs);
  const mask: u32 = (1 << w) - 1;
  unchecked((value[WIDE_PADDING] = 1));
  const doublings = 2 * <i32>w * limbs;
  for (let i = 0; i < doublings; i++) {
    let carry: u32 = 0;
    for (let j = WIDE_PADDING; j < WIDE_PADDING + limbs; j++) {
      const doubled = (unchecked(value[j]) << 1) | carry;
      carry = doubled >> w;
      unchecked((value[j] = doubled & mask));
    }
    if (carry != 0 || compareValues(value, modulus, limbs) >= 0) subtractValues(value, value, modulus, limbs, w);
  }
  return value;
}

/**
 * Limb width for a modulus of `bits` bits: 28 unless a column (up to
 * 2 * limbs products below 2^(2w), plus carries) could overflow 64 bits,
 * then 27 (see WIDE_MAX_MODULUS_BITS).
 */
function radixBitsFor(bits: i32): u32 {
  return evenLimbs(bits, 28) <= 120 ? 28 : 27;
}

/** Limbs of `w` bits for R = 2^(w limbs) >= 4n, rounded up to even. */
function evenLimbs(bits: i32, w: u32): i32 {
  const limbs = (bits + 2 + <i32>w - 1) / <i32>w;
  return (limbs + 1) & ~1;
}

/** A zero padded vector of `limbs` limbs. */
function paddedValue(limbs: i32): StaticArray<u32> {
  return new StaticArray<u32>(limbs + 2 * WIDE_PADDING);
}

/** Address of limb 0 of a padded vector. */
// @ts-ignore: decorator
@inline function valueStart(value: StaticArray<u32>): usize {
  return changetype<usize>(value) + PADDING_BYTES;
}

/** Compares normalised padded values: -1, 0 or 1. */
function compareValues(a: StaticArray<u32>, b: StaticArray<u32>, limbs: i32): i32 {
  return compareRadixLimbs(valueStart(a), valueStart(b), limbs);
}

/** `out = a - b` for normalised padded values with a >= b. */
function subtractValues(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>, limbs: i32, w: u32): void {
  subtractRadixLimbs(valueStart(out), valueStart(a), valueStart(b), limbs, w);
}

/** -1/x mod 2^w for odd x, by Newton's iteration. */
function negativeInverse(x: u32, w: u32): u64 {
  let inverse: u64 = <u64>x;
  for (let i = 0; i < 5; i++) inverse *= 2 - <u64>x * inverse;
  return (0 - inverse) & ((<u64>1 << w) - 1);
}
