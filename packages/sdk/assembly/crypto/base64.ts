// Base64 and base64url (RFC 4648 sections 4 and 5), strict. JWS (RFC 7515
// section 2) uses base64url without padding; standard base64 here requires
// its padding. Decoders return null, never trap, on anything that is not
// the canonical encoding: a character outside the alphabet, a length no
// encoding has, misplaced padding, or non-zero leftover bits (which would
// let two different strings decode to the same bytes).

const INVALID: u32 = 0xff;
const PAD: i32 = 0x3d; // '='

/** The 6-bit value of each character code below 256, INVALID elsewhere, for one alphabet. */
function sextetTable(urlSafe: bool): StaticArray<u8> {
  const table = new StaticArray<u8>(256);
  for (let code = 0; code < 256; code++) {
    let value: u32 = INVALID;
    if (code >= 0x41 && code <= 0x5a) value = code - 0x41; // A-Z
    else if (code >= 0x61 && code <= 0x7a) value = code - 0x61 + 26; // a-z
    else if (code >= 0x30 && code <= 0x39) value = code - 0x30 + 52; // 0-9
    else if (code == (urlSafe ? 0x2d : 0x2b)) value = 62; // '-' or '+'
    else if (code == (urlSafe ? 0x5f : 0x2f)) value = 63; // '_' or '/'
    unchecked((table[code] = <u8>value));
  }
  return table;
}

// Lookup tables rather than range tests: base64 characters are random, so
// tests per character branch unpredictably (signatures are hundreds long).
const URL_SEXTETS = sextetTable(true);
const STANDARD_SEXTETS = sextetTable(false);

/** Code unit `index` of the units at `start`, 1 byte wide or 2 (UTF-16). */
// @ts-ignore: decorator
@inline function unitAt(start: usize, index: i32, wide: bool): u32 {
  return wide ? <u32>load<u16>(start + (<usize>index << 1)) : <u32>load<u8>(start + <usize>index);
}

/** The 6-bit value of code unit `index`, or INVALID (which has bit 7 set). */
// @ts-ignore: decorator
@inline function sextetAt(table: usize, start: usize, index: i32, wide: bool): u32 {
  const code = unitAt(start, index, wide);
  return code < 256 ? <u32>load<u8>(table + <usize>code) : INVALID;
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
  const table = changetype<usize>(urlSafe ? URL_SEXTETS : STANDARD_SEXTETS);
  const target = out.dataStart;
  const whole = length - tail;
  let written: usize = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = sextetAt(table, start, i, wide);
    const b = sextetAt(table, start, i + 1, wide);
    const c = sextetAt(table, start, i + 2, wide);
    const d = sextetAt(table, start, i + 3, wide);
    if (((a | b | c | d) & 0x80) != 0) return null;
    const group = (a << 18) | (b << 12) | (c << 6) | d;
    store<u8>(target + written, <u8>(group >> 16));
    store<u8>(target + written, <u8>(group >> 8), 1);
    store<u8>(target + written, <u8>group, 2);
    written += 3;
  }
  if (tail == 0) return out;
  const a = sextetAt(table, start, whole, wide);
  const b = sextetAt(table, start, whole + 1, wide);
  const c = tail == 3 ? sextetAt(table, start, whole + 2, wide) : 0;
  if (((a | b | c) & 0x80) != 0) return null;
  if (tail == 2) {
    // 12 bits carry one byte; the low 4 must be zero.
    if ((b & 0xf) != 0) return null;
    store<u8>(target + written, <u8>((a << 2) | (b >> 4)));
  } else {
    // 18 bits carry two bytes; the low 2 must be zero.
    if ((c & 0x3) != 0) return null;
    const group = (a << 12) | (b << 6) | c;
    store<u8>(target + written, <u8>(group >> 10));
    store<u8>(target + written, <u8>(group >> 2), 1);
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
