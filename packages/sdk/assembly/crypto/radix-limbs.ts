// Big-endian bytes to and from unsaturated limbs: w < 32 bits per u32
// limb, least significant limb first, at a raw address. The wide
// Montgomery context (RSA) and the curve fields (ECDSA) hold values so.

/** Writes the big-endian integer in `bytes` as `limbs` limbs of `w` bits at `out` (bits beyond them are dropped). */
export function writeRadixLimbs(out: usize, bytes: Uint8Array, w: u32, limbs: i32): void {
  const mask: u64 = (<u64>1 << w) - 1;
  let accumulator: u64 = 0;
  let held: u32 = 0;
  let limb = 0;
  for (let i = bytes.length - 1; i >= 0 && limb < limbs; i--) {
    accumulator |= <u64>unchecked(bytes[i]) << held;
    held += 8;
    if (held >= w) {
      store<u32>(out + (<usize>limb << 2), <u32>(accumulator & mask));
      accumulator >>= w;
      held -= w;
      limb++;
    }
  }
  for (; limb < limbs; limb++) {
    store<u32>(out + (<usize>limb << 2), <u32>(accumulator & mask));
    accumulator >>= w;
  }
}

/** The `limbs` normalised limbs of `w` bits at `value` as `byteLength` big-endian bytes (higher bytes dropped). */
export function readRadixLimbs(value: usize, w: u32, limbs: i32, byteLength: i32): Uint8Array {
  const out = new Uint8Array(byteLength);
  let accumulator: u64 = 0;
  let held: u32 = 0;
  let limb = 0;
  for (let i = byteLength - 1; i >= 0; i--) {
    while (held < 8 && limb < limbs) {
      accumulator |= <u64>load<u32>(value + (<usize>limb << 2)) << held;
      held += w;
      limb++;
    }
    unchecked((out[i] = <u8>accumulator));
    accumulator >>= 8;
    held = held >= 8 ? held - 8 : 0;
  }
  return out;
}

/** Significant bits of the big-endian integer in `bytes`. */
export function significantBits(bytes: Uint8Array): i32 {
  for (let i = 0; i < bytes.length; i++) {
    const byte = <u32>unchecked(bytes[i]);
    if (byte != 0) return (bytes.length - i) * 8 + 24 - <i32>clz<u32>(byte);
  }
  return 0;
}

/** Compares `limbs` normalised limbs at `a` and `b`: -1, 0 or 1. */
export function compareRadixLimbs(a: usize, b: usize, limbs: i32): i32 {
  for (let i = <usize>limbs << 2; i > 0;) {
    i -= 4;
    const x = load<u32>(a + i);
    const y = load<u32>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** `out = a - b` over `limbs` normalised limbs of `w` bits, for a >= b. `out` may alias. */
export function subtractRadixLimbs(out: usize, a: usize, b: usize, limbs: i32, w: u32): void {
  const mask: i64 = (<i64>1 << w) - 1;
  let borrow: i64 = 0;
  for (let i: usize = 0; i < <usize>limbs << 2; i += 4) {
    const difference = <i64>load<u32>(a + i) - <i64>load<u32>(b + i) + borrow;
    store<u32>(out + i, <u32>(difference & mask));
    borrow = difference >> w; // 0 or -1
  }
}
