// Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, no
// code points past U+10FFFF, no truncated sequences.

/** Offset of the first byte that breaks UTF-8 in [pointer, pointer + length), or -1 when valid. */
export function findInvalidUtf8(pointer: usize, length: i32): i32 {
  let i = 0;
  while (i < length) {
    const lead = <u32>load<u8>(pointer + <usize>i);
    if (lead < 0x80) {
      i++;
      continue;
    }
    const size = sequenceLength(lead);
    if (size == 0 || i + size > length) return i;
    if (!continuationsValid(pointer + <usize>i, lead, size)) return i;
    i += size;
  }
  return -1;
}

function sequenceLength(lead: u32): i32 {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function continuationsValid(at: usize, lead: u32, size: i32): bool {
  const second = <u32>load<u8>(at + 1);
  // The second byte's range depends on the lead byte (rules out overlong
  // forms, surrogates and code points past U+10FFFF).
  let low: u32 = 0x80;
  let high: u32 = 0xbf;
  if (lead == 0xe0) low = 0xa0;
  else if (lead == 0xed) high = 0x9f;
  else if (lead == 0xf0) low = 0x90;
  else if (lead == 0xf4) high = 0x8f;
  if (second < low || second > high) return false;
  for (let k = 2; k < size; k++) {
    const next = <u32>load<u8>(at + <usize>k);
    if (next < 0x80 || next > 0xbf) return false;
  }
  return true;
}
