// Comparisons whose running time does not depend on where two byte strings
// differ. An early-exit `==` on an HMAC tag tells an attacker, byte by byte,
// how much of a forged tag is right; these functions look at every byte.

/**
 * True when `a` and `b` hold the same bytes. The time taken depends only on
 * the lengths, never on the contents, so it is safe for MACs and other
 * secrets. Lengths are not secret (a JWS signature's length is public).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  return constantTimeEqualRange(a, 0, b, 0, a.length);
}

/**
 * True when `length` bytes of `a` from `aOffset` equal those of `b` from
 * `bOffset`, looked at in constant time. False (not a trap) when a range
 * falls outside its array.
 */
export function constantTimeEqualRange(a: Uint8Array, aOffset: i32, b: Uint8Array, bOffset: i32, length: i32): bool {
  if (length < 0 || aOffset < 0 || bOffset < 0) return false;
  if (aOffset > a.length - length || bOffset > b.length - length) return false;
  const aStart = a.dataStart + <usize>aOffset;
  const bStart = b.dataStart + <usize>bOffset;
  let difference: u32 = 0;
  for (let i = 0; i < length; i++) {
    difference |= <u32>load<u8>(aStart + <usize>i) ^ <u32>load<u8>(bStart + <usize>i);
  }
  return difference == 0;
}
