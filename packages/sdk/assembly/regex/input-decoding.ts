// Reading code points out of the input without allocating. A decoded step
// is packed in one u32: the code point in the low 21 bits, its width in
// bytes above. Malformed input never traps: an invalid UTF-8 byte, or a
// lone UTF-16 surrogate, reads as U+FFFD (as in RE2 and Go), one byte
// (or one code unit) wide, so `.` and negated classes still match it.

const REPLACEMENT: u32 = 0xfffd;
const WIDTH_SHIFT: u32 = 24;

// @ts-ignore: decorator
@inline
export function stepRune(step: u32): i32 {
  return <i32>(step & 0x1fffff);
}

// @ts-ignore: decorator
@inline
export function stepWidth(step: u32): usize {
  return <usize>(step >>> WIDTH_SHIFT);
}

// @ts-ignore: decorator
@inline
function pack(rune: u32, width: u32): u32 {
  return rune | (width << WIDTH_SHIFT);
}

// @ts-ignore: decorator
@inline
function isContinuation(byte: u32): bool {
  return (byte & 0xc0) == 0x80;
}

/** Decodes the UTF-8 sequence at `ptr` (ptr < end). Rejects overlongs and surrogates. */
export function decodeUtf8(ptr: usize, end: usize): u32 {
  const b0 = <u32>load<u8>(ptr);
  if (b0 < 0x80) return pack(b0, 1);
  const available = end - ptr;
  if (b0 < 0xc2) return pack(REPLACEMENT, 1);
  if (b0 < 0xe0) {
    if (available < 2) return pack(REPLACEMENT, 1);
    const b1 = <u32>load<u8>(ptr, 1);
    if (!isContinuation(b1)) return pack(REPLACEMENT, 1);
    return pack(((b0 & 0x1f) << 6) | (b1 & 0x3f), 2);
  }
  if (b0 < 0xf0) {
    if (available < 3) return pack(REPLACEMENT, 1);
    const b1 = <u32>load<u8>(ptr, 1);
    const b2 = <u32>load<u8>(ptr, 2);
    const low1: u32 = b0 == 0xe0 ? 0xa0 : 0x80;
    const high1: u32 = b0 == 0xed ? 0x9f : 0xbf;
    if (b1 < low1 || b1 > high1 || !isContinuation(b2)) return pack(REPLACEMENT, 1);
    return pack(((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), 3);
  }
  if (b0 < 0xf5) {
    if (available < 4) return pack(REPLACEMENT, 1);
    const b1 = <u32>load<u8>(ptr, 1);
    const b2 = <u32>load<u8>(ptr, 2);
    const b3 = <u32>load<u8>(ptr, 3);
    const low1: u32 = b0 == 0xf0 ? 0x90 : 0x80;
    const high1: u32 = b0 == 0xf4 ? 0x8f : 0xbf;
    if (b1 < low1 || b1 > high1 || !isContinuation(b2) || !isContinuation(b3)) return pack(REPLACEMENT, 1);
    return pack(((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f), 4);
  }
  return pack(REPLACEMENT, 1);
}

/** Decodes the UTF-16 code point at `ptr` (ptr < end), joining surrogate pairs. */
export function decodeUtf16(ptr: usize, end: usize): u32 {
  const unit = <u32>load<u16>(ptr);
  if (unit < 0xd800 || unit > 0xdfff) return pack(unit, 2);
  if (unit < 0xdc00 && end - ptr >= 4) {
    const low = <u32>load<u16>(ptr, 2);
    if (low >= 0xdc00 && low <= 0xdfff) {
      return pack(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00), 4);
    }
  }
  return pack(REPLACEMENT, 2);
}
