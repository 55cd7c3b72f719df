// Base64 and base64url (RFC 4648 sections 4 and 5), strict. JWS (RFC 7515
// section 2) uses base64url without padding; standard base64 here requires
// its padding. Decoders return null, never trap, on anything that is not
// the canonical encoding: a character outside the alphabet, a length no
// encoding has, misplaced padding, or non-zero leftover bits (which would
// let two different strings decode to the same bytes).

const INVALID: i32 = -1;
const PAD: i32 = 0x3d; // '='

/** The 6-bit value of character `code`, or INVALID. */
function sextet(code: i32, urlSafe: bool): i32 {
  if (code >= 0x41 && code <= 0x5a) return code - 0x41; // A-Z
  if (code >= 0x61 && code <= 0x7a) return code - 0x61 + 26; // a-z
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 52; // 0-9
  if (urlSafe) {
    if (code == 0x2d) return 62; // '-'
    if (code == 0x5f) return 63; // '_'
  } else {
    if (code == 0x2b) return 62; // '+'
    if (code == 0x2f) return 63; // '/'
  }
  return INVALID;
}

/** Code unit `index` of `count` units at `start`, 1 byte wide or 2 (UTF-16). */
// @ts-ignore: decorator
@inline function unitAt(start: usize, index: i32, wide: bool): i32 {
  return wide ? <i32>load<u16>(start + (<usize>index << 1)) : <i32>load<u8>(start + <usize>index);
}

/**
 * Decodes `count` code units at `start`. `padded`: the input must be padded
 * to a multiple of 4 with '='; otherwise '=' is refused.
 */
function decodeUnits(start: usize, count: i32, wide: bool, urlSafe: bool, padded: bool): Uint8Array | null {
  let length = count;
  if (padded) {
    if ((count & 3) != 0) return null;
    if (length > 0 && unitAt(start, length - 1, wide) == PAD) length--;
    if (length > 0 && unitAt(start, length - 1, wide) == PAD) length--;
  }
  const tail = length & 3;
  if (tail == 1) return null;
  const out = new Uint8Array((length >> 2) * 3 + (tail == 0 ? 0 : tail - 1));
  let written = 0;
  let accumulator: u32 = 0;
  for (let i = 0; i < length; i++) {
    const value = sextet(unitAt(start, i, wide), urlSafe);
    if (value == INVALID) return null;
    accumulator = (accumulator << 6) | <u32>value;
    if ((i & 3) == 3) {
      unchecked((out[written] = <u8>(accumulator >> 16)));
      unchecked((out[written + 1] = <u8>(accumulator >> 8)));
      unchecked((out[written + 2] = <u8>accumulator));
      written += 3;
      accumulator = 0;
    }
  }
  if (tail == 2) {
    // 12 bits carry one byte; the low 4 must be zero.
    if ((accumulator & 0xf) != 0) return null;
    unchecked((out[written] = <u8>(accumulator >> 4)));
  } else if (tail == 3) {
    // 18 bits carry two bytes; the low 2 must be zero.
    if ((accumulator & 0x3) != 0) return null;
    unchecked((out[written] = <u8>(accumulator >> 10)));
    unchecked((out[written + 1] = <u8>(accumulator >> 2)));
  }
  return out;
}

/** Decodes unpadded base64url (JWS), or null when `text` is not canonical base64url. */
export function base64UrlDecode(text: string): Uint8Array | null {
  return decodeUnits(changetype<usize>(text), text.length, true, true, false);
}

/**
 * Decodes unpadded base64url from the ASCII bytes `source[start..end)`, as
 * found in a token read from a header, without making a string first.
 */
export function base64UrlDecodeBytes(source: Uint8Array, start: i32, end: i32): Uint8Array | null {
  if (start < 0 || end < start || end > source.length) return null;
  return decodeUnits(source.dataStart + <usize>start, end - start, false, true, false);
}

/** Decodes padded standard base64, or null when `text` is not canonical base64. */
export function base64Decode(text: string): Uint8Array | null {
  return decodeUnits(changetype<usize>(text), text.length, true, false, true);
}

const URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const STANDARD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function encode(data: Uint8Array, alphabet: string, padded: bool): string {
  const whole = data.length / 3;
  const rest = data.length - whole * 3;
  const length = whole * 4 + (rest == 0 ? 0 : padded ? 4 : rest + 1);
  const out = changetype<string>(__new(<usize>length << 1, idof<string>()));
  const target = changetype<usize>(out);
  const letters = changetype<usize>(alphabet);
  let o = 0;
  for (let i = 0; i < data.length; i += 3) {
    const remaining = data.length - i;
    const b0 = <u32>unchecked(data[i]);
    const b1 = remaining > 1 ? <u32>unchecked(data[i + 1]) : 0;
    const b2 = remaining > 2 ? <u32>unchecked(data[i + 2]) : 0;
    const group = (b0 << 16) | (b1 << 8) | b2;
    const produced = remaining >= 3 ? 4 : remaining + 1;
    for (let k = 0; k < 4; k++) {
      if (k < produced) {
        const index = (group >> (18 - 6 * k)) & 63;
        store<u16>(target + (<usize>o << 1), load<u16>(letters + (<usize>index << 1)));
        o++;
      } else if (padded) {
        store<u16>(target + (<usize>o << 1), <u16>PAD);
        o++;
      }
    }
  }
  return out;
}

/** Encodes `data` as unpadded base64url (JWS). */
export function base64UrlEncode(data: Uint8Array): string {
  return encode(data, URL_ALPHABET, false);
}

/** Encodes `data` as padded standard base64. */
export function base64Encode(data: Uint8Array): string {
  return encode(data, STANDARD_ALPHABET, true);
}
