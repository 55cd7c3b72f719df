// Fixed-width unsigned integers as little-endian arrays of 32-bit limbs
// (limb 0 is the least significant), with the few operations RSA and ECDSA
// verification need. Products go through u64, which holds a 32x32-bit
// product plus two 32-bit carries without overflow.
//
// None of this is constant time: it only ever handles public values
// (public keys, signatures, hashes of public messages).

/** Limbs needed for `byteLength` bytes. */
export function limbsForBytes(byteLength: i32): i32 {
  return (byteLength + 3) >> 2;
}

/**
 * The big-endian unsigned integer in `bytes` as `limbCount` limbs, or null
 * when it does not fit (leading zero bytes are fine).
 */
export function limbsFromBytes(bytes: Uint8Array, limbCount: i32): StaticArray<u32> | null {
  const out = new StaticArray<u32>(limbCount);
  const length = bytes.length;
  for (let i = 0; i < length; i++) {
    const byte = <u32>unchecked(bytes[length - 1 - i]);
    const limb = i >> 2;
    if (limb >= limbCount) {
      if (byte != 0) return null;
      continue;
    }
    unchecked((out[limb] |= byte << ((<u32>i & 3) << 3)));
  }
  return out;
}

/** The big-endian bytes of `limbs`, `byteLength` long (higher bytes dropped). */
export function limbsToBytes(limbs: StaticArray<u32>, byteLength: i32): Uint8Array {
  const out = new Uint8Array(byteLength);
  for (let i = 0; i < byteLength; i++) {
    const limb = i >> 2;
    if (limb >= limbs.length) break;
    unchecked((out[byteLength - 1 - i] = <u8>(unchecked(limbs[limb]) >> ((<u32>i & 3) << 3))));
  }
  return out;
}

/** `hex` (big-endian, no prefix; spaces allowed) as `limbCount` limbs. For constants only. */
export function limbsFromHex(hex: string, limbCount: i32): StaticArray<u32> {
  const out = new StaticArray<u32>(limbCount);
  let nibble = 0;
  for (let i = hex.length - 1; i >= 0; i--) {
    const code = hex.charCodeAt(i);
    if (code == 0x20) continue;
    let value: u32 = 0;
    if (code >= 0x30 && code <= 0x39) value = <u32>(code - 0x30);
    else if (code >= 0x61 && code <= 0x66) value = <u32>(code - 0x61 + 10);
    else if (code >= 0x41 && code <= 0x46) value = <u32>(code - 0x41 + 10);
    else throw new Error("bad hex digit in constant: " + hex);
    out[nibble >> 3] |= value << ((<u32>nibble & 7) << 2);
    nibble++;
  }
  return out;
}

/** Compares the low `count` limbs of `a` and `b`: -1, 0 or 1. */
export function compareLimbs(a: StaticArray<u32>, b: StaticArray<u32>, count: i32): i32 {
  // Raw addresses in these loops: see multiplyReduce in montgomery.ts.
  const ap = changetype<usize>(a);
  const bp = changetype<usize>(b);
  for (let i = <usize>count << 2; i > 0;) {
    i -= 4;
    const x = load<u32>(ap + i);
    const y = load<u32>(bp + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** True when every limb of `a` is zero. */
export function isZeroLimbs(a: StaticArray<u32>): bool {
  const ap = changetype<usize>(a);
  const end = <usize>a.length << 2;
  let any: u32 = 0;
  for (let i: usize = 0; i < end; i += 4) any |= load<u32>(ap + i);
  return any == 0;
}

/** `out = a + b` over `count` limbs; returns the carry out (0 or 1). `out` may alias. */
export function addLimbs(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>, count: i32): u32 {
  const op = changetype<usize>(out);
  const ap = changetype<usize>(a);
  const bp = changetype<usize>(b);
  const end = <usize>count << 2;
  let carry: u64 = 0;
  for (let i: usize = 0; i < end; i += 4) {
    const sum = <u64>load<u32>(ap + i) + <u64>load<u32>(bp + i) + carry;
    store<u32>(op + i, <u32>sum);
    carry = sum >> 32;
  }
  return <u32>carry;
}

/** `out = a - b` over `count` limbs; returns the borrow out (0 or 1). `out` may alias. */
export function subtractLimbs(out: StaticArray<u32>, a: StaticArray<u32>, b: StaticArray<u32>, count: i32): u32 {
  const op = changetype<usize>(out);
  const ap = changetype<usize>(a);
  const bp = changetype<usize>(b);
  const end = <usize>count << 2;
  let borrow: u64 = 0;
  for (let i: usize = 0; i < end; i += 4) {
    const difference = <u64>load<u32>(ap + i) - <u64>load<u32>(bp + i) - borrow;
    store<u32>(op + i, <u32>difference);
    borrow = (difference >> 32) & 1;
  }
  return <u32>borrow;
}

/** Copies the first `count` limbs of `source` into `out`. */
export function copyLimbs(out: StaticArray<u32>, source: StaticArray<u32>, count: i32): void {
  memory.copy(changetype<usize>(out), changetype<usize>(source), <usize>count << 2);
}

/** Number of significant bits in `a` (0 for zero). */
export function bitLength(a: StaticArray<u32>): i32 {
  for (let i = a.length - 1; i >= 0; i--) {
    const limb = unchecked(a[i]);
    if (limb != 0) return (i << 5) + 32 - <i32>clz<u32>(limb);
  }
  return 0;
}

/** Bit `index` of `a` (0 is the least significant). */
// @ts-ignore: decorator
@inline export function bitAt(a: StaticArray<u32>, index: i32): u32 {
  return (unchecked(a[index >> 5]) >> (<u32>index & 31)) & 1;
}

/** `count` bits of `a` starting at bit `index` (may cross a limb; bits past the end read 0). */
export function bitsAt(a: StaticArray<u32>, index: i32, count: i32): u32 {
  let value: u32 = 0;
  for (let k = count - 1; k >= 0; k--) {
    const bit = index + k;
    value = (value << 1) | (bit < (a.length << 5) ? bitAt(a, bit) : 0);
  }
  return value;
}
