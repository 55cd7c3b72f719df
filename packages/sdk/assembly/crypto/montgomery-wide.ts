// Montgomery arithmetic for wide moduli (RSA's 2048 to 8192 bits), built
// for speed in WebAssembly:
//
// - Unsaturated limbs: w = 27 or 28 bits per u32 limb, so a column of a
//   product (every x[i] * y[k - i]) adds up in a u64 without carries and
//   SIMD can form two products per instruction (limb-dot.ts).
// - Product scanning with interleaved reduction (the "FIPS" order of Koc,
//   Acar and Kaliski, 1996): column k gets sum a[i] b[k - i] + m[i] n[k - i];
//   below k = limbs, m[k] is then chosen to clear the column's low w bits.
//   b and n are read from reversed copies so both run forward.
// - Lazy reduction: R = 2^(w * limbs) >= 4n, so inputs below 2n give an
//   output below 2n with no final subtraction; only `power` reduces fully.
//
// Values are "padded limb vectors": StaticArray<u32> with WIDE_PADDING zero
// limbs before and after the value's limbs, so column loops may read whole
// chunks past either end of a range (the extra terms multiply a zero).
//
// Only for public values (signatures, public keys): not constant time.

import { LIMB_CHUNK, LIMB_CHUNK_BYTES, limbDot, limbDotPair } from "./limb-dot";
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
  /** The modulus n, and n with its limbs reversed. */
  private readonly modulus: StaticArray<u32>;
  private readonly modulusReversed: StaticArray<u32>;
  /** R^2 mod n (plain), which takes a value into Montgomery form. */
  private readonly rSquared: StaticArray<u32>;
  // Scratch, reused by every operation (no allocation per product).
  private readonly reversed: StaticArray<u32>;
  private readonly quotients: StaticArray<u32>;
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
    // R = 2^(w * limbs) >= 4n, for the lazy reduction.
    const limbs = (bits + 2 + <i32>radixBits - 1) / <i32>radixBits;
    const modulus = paddedValue(limbs);
    writeRadixLimbs(valueStart(modulus), modulusBytes, radixBits, limbs);
    const modulusReversed = paddedValue(limbs);
    reverseLimbs(modulusReversed, modulus, limbs);
    this.modulusBits = bits;
    this.radixBits = radixBits;
    this.limbs = limbs;
    this.mask = (<u64>1 << radixBits) - 1;
    this.modulus = modulus;
    this.modulusReversed = modulusReversed;
    this.inverse = negativeInverse(unchecked(modulus[WIDE_PADDING]), radixBits);
    this.rSquared = rSquaredModulo(modulus, limbs, radixBits);
    this.reversed = paddedValue(limbs);
    this.quotients = paddedValue(limbs);
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
    reverseLimbs(this.reversed, b, limbs);
    const quotients = this.quotients;
    memory.fill(valueStart(quotients), 0, <usize>limbs << 2);
    const ap = valueStart(a);
    const mp = valueStart(quotients);
    const op = valueStart(out);
    const br = valueStart(this.reversed);
    const nr = valueStart(this.modulusReversed);
    const n0 = <u64>unchecked(this.modulus[WIDE_PADDING]);
    const top = <usize>(limbs - 1) << 2;
    const w = <u64>this.radixBits;
    const mask = this.mask;
    const inverse = this.inverse;
    let carry: u64 = 0;
    // Columns 0 .. limbs - 1: terms i in [0, k]; m[k] is still zero here.
    for (let k: usize = 0; k <= top; k += 4) {
      const offset = top - k; // b[k - i] sits at br + offset + 4i
      carry += limbDotPair(ap, br + offset, mp, nr + offset, roundUp(k + 4));
      const m = ((carry & mask) * inverse) & mask;
      store<u32>(mp + k, <u32>m);
      carry = (carry + m * n0) >> w;
    }
    // Columns limbs .. 2 limbs - 2: terms i in [k - limbs + 1, limbs - 1], giving the result's limbs.
    for (let k: usize = top + 4; k <= top << 1; k += 4) {
      const low = k - top;
      const offset = top - k; // wraps below zero: offset + low >= 0
      carry += limbDotPair(ap + low, br + offset + low, mp + low, nr + offset + low, roundUp(top + 4 - low));
      store<u32>(op + low - 4, <u32>(carry & mask));
      carry >>= w;
    }
    store<u32>(op + top, <u32>carry);
  }

  /** `out = a * a / R mod n`, input below 2n, output below 2n. `out` may alias `a`. */
  square(out: StaticArray<u32>, a: StaticArray<u32>): void {
    const limbs = this.limbs;
    reverseLimbs(this.reversed, a, limbs);
    const quotients = this.quotients;
    memory.fill(valueStart(quotients), 0, <usize>limbs << 2);
    const ap = valueStart(a);
    const mp = valueStart(quotients);
    const op = valueStart(out);
    const ar = valueStart(this.reversed);
    const nr = valueStart(this.modulusReversed);
    const n0 = <u64>unchecked(this.modulus[WIDE_PADDING]);
    const top = <usize>(limbs - 1) << 2;
    const w = <u64>this.radixBits;
    const mask = this.mask;
    const inverse = this.inverse;
    let carry: u64 = 0;
    for (let k: usize = 0; k <= top << 1; k += 4) {
      const low: usize = k > top ? k - top : 0;
      const offset = top - k;
      // Each pair i < k - i once, doubled, plus the diagonal a[k/2]^2 when k
      // is even. The range [low, k/2) is rounded down at its start: the extra
      // terms read zero padding (before a, or before the reversed copy).
      const half = (k >> 3) << 2; // first i with i >= k - i, in bytes
      const crossEnd = (k & 4) != 0 ? half + 4 : half;
      const crossStart = crossEnd - roundUp(crossEnd - low);
      const cross = limbDot(ap + crossStart, ar + offset + crossStart, crossEnd - crossStart);
      const diagonal = (k & 4) == 0 ? <u64>load<u32>(ap + half) : 0;
      carry += (cross << 1) + diagonal * diagonal;
      if (k <= top) {
        carry += limbDot(mp, nr + offset, roundUp(k + 4));
        const m = ((carry & mask) * inverse) & mask;
        store<u32>(mp + k, <u32>m);
        carry = (carry + m * n0) >> w;
      } else {
        carry += limbDot(mp + low, nr + offset + low, roundUp(top + 4 - low));
        store<u32>(op + low - 4, <u32>(carry & mask));
        carry >>= w;
      }
    }
    store<u32>(op + top, <u32>carry);
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
 * 2 * limbs products below 2^(2w), plus a carry below 2^(64 - w)) could
 * overflow 64 bits, then 27 (see WIDE_MAX_MODULUS_BITS).
 */
function radixBitsFor(bits: i32): u32 {
  const limbs28 = (bits + 2 + 27) / 28;
  return limbs28 <= 120 ? 28 : 27;
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

/** `bytes` rounded up to whole chunks. */
// @ts-ignore: decorator
@inline function roundUp(bytes: usize): usize {
  return (bytes + LIMB_CHUNK_BYTES - 1) & ~(LIMB_CHUNK_BYTES - 1);
}

/** Writes the limbs of `source` in reverse order into `out` (both padded). */
function reverseLimbs(out: StaticArray<u32>, source: StaticArray<u32>, limbs: i32): void {
  const op = valueStart(out);
  const sp = valueStart(source);
  const last = <usize>(limbs - 1) << 2;
  for (let i: usize = 0; i <= last; i += 4) store<u32>(op + last - i, load<u32>(sp + i));
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
