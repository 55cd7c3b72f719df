// Header lookups straight in the ABI's serialized header map (the bytes of
// one `proxy_get_header_map_pairs`, layout in ../header-pairs.ts). Names are
// compared as bytes and only the values asked for are decoded: a request
// carrying a large token or cookie costs a byte scan, not a string per header.
// Malformed input (a count or a length past the end) ends the scan at the
// last whole pair, as deserializePairs does, and never traps.

import { fits, pairsCount } from "../header-pairs";
import { regionEqualsFolded } from "../text/ascii-case";

/**
 * Values of every header named `lowerName` (ASCII case-insensitive, as the
 * host's names may carry capitals) in `map`, each decoded from UTF-8 and
 * joined by `separator`; null when there is none.
 */
export function joinSerializedValues(map: ArrayBuffer, lowerName: string, separator: string): string | null {
  // No allocation but the values decoded: a filter may look up several names per request.
  const asciiName = isAscii(lowerName);
  let first: string | null = null;
  let more: string[] | null = null;
  let position = nextPairNamed(map, lowerName, asciiName, FIRST_PAIR);
  while (position != NO_PAIR) {
    const span = valueSpanAt(map, position);
    const value = decodeSpan(map, span);
    if (first === null) {
      first = value;
    } else {
      if (more === null) more = [first];
      more.push(value);
    }
    position = nextPairNamed(map, lowerName, asciiName, pairAfter(position, span));
  }
  return more === null ? first : more.join(separator);
}

/**
 * The first value of header `lowerName` in `map` (names compared as in
 * joinSerializedValues), decoded from UTF-8; null when there is none. What
 * `proxy_get_header_map_value` answers for a repeated header, read from a map
 * the caller already holds: several names cost one crossing, not one each.
 */
export function firstSerializedValue(map: ArrayBuffer, lowerName: string): string | null {
  const span = firstSerializedValueSpan(map, lowerName);
  return span == NO_SERIALIZED_VALUE ? null : decodeSpan(map, span);
}

/** What firstSerializedValueSpan answers for a header that is not in the map. */
export const NO_SERIALIZED_VALUE: i64 = -1;

/**
 * Where the first value of header `lowerName` sits in `map`, undecoded: its
 * byte offset from the start of `map` in the high 32 bits, its length in
 * bytes in the low 32; NO_SERIALIZED_VALUE when there is none. For a filter
 * that compares or hashes a value's bytes (a token) without decoding it.
 */
export function firstSerializedValueSpan(map: ArrayBuffer, lowerName: string): i64 {
  const position = nextPairNamed(map, lowerName, isAscii(lowerName), FIRST_PAIR);
  return position == NO_PAIR ? NO_SERIALIZED_VALUE : valueSpanAt(map, position);
}

// A place in the walk over a map's pairs: the pair's index in the high 32
// bits, the byte offset of its name from the start of the map in the low 32.
const NO_PAIR: i64 = -1;
const FIRST_PAIR: i64 = 0;

/**
 * The first pair at or after `from` named `lowerName`, or NO_PAIR. Stops at
 * the last whole pair of a malformed map. FIRST_PAIR's offset 0 stands for
 * "just past the length table", which depends on the count.
 */
function nextPairNamed(map: ArrayBuffer, lowerName: string, asciiName: bool, from: i64): i64 {
  const pointer = changetype<usize>(map);
  const size = <usize>map.byteLength;
  const count = pairsCount(pointer, size);
  if (count < 0) return NO_PAIR;
  const end = pointer + size;
  const offset = <usize>(from & 0xffffffff);
  let data = offset == 0 ? pointer + 4 + <usize>count * 8 : pointer + offset;
  for (let i = <usize>(from >>> 32); i < <usize>count; i++) {
    const nameLength = <usize>load<u32>(pointer + 4 + i * 8);
    const valueLength = <usize>load<u32>(pointer + 8 + i * 8);
    if (!fits(data, nameLength, valueLength, end)) break;
    if (nameEquals(data, nameLength, lowerName, asciiName)) return (<i64>i << 32) | <i64>(data - pointer);
    data += nameLength + 1 + valueLength + 1;
  }
  return NO_PAIR;
}

/** The value of the pair at `position` as a span (offset in the high 32 bits, length in the low 32). */
function valueSpanAt(map: ArrayBuffer, position: i64): i64 {
  const pointer = changetype<usize>(map);
  const index = <usize>(position >>> 32);
  const nameLength = <i64>load<u32>(pointer + 4 + index * 8);
  const valueLength = <i64>load<u32>(pointer + 8 + index * 8);
  return (((position & 0xffffffff) + nameLength + 1) << 32) | valueLength;
}

/** The place of the pair after the one at `position`, whose value is `span`. */
function pairAfter(position: i64, span: i64): i64 {
  return (((position >>> 32) + 1) << 32) | ((span >>> 32) + (span & 0xffffffff) + 1);
}

/** The value at `span` of `map`, decoded from UTF-8. */
function decodeSpan(map: ArrayBuffer, span: i64): string {
  return String.UTF8.decodeUnsafe(changetype<usize>(map) + <usize>(span >>> 32), <usize>(span & 0xffffffff));
}

/**
 * True when the UTF-8 name at [start, start + length) equals `lowerName`
 * once its ASCII capitals are lowered. Compared byte by byte when
 * `lowerName` is ASCII (header names are tokens); otherwise decoded and
 * compared as text, as a view over decoded pairs would.
 */
function nameEquals(start: usize, length: usize, lowerName: string, asciiName: bool): bool {
  if (!asciiName) {
    const name = String.UTF8.decodeUnsafe(start, length);
    return name.length == lowerName.length && regionEqualsFolded(name, 0, lowerName);
  }
  if (length != <usize>lowerName.length) return false;
  for (let i: usize = 0; i < length; i++) {
    let byte = <i32>load<u8>(start + i);
    if (byte >= 0x41 && byte <= 0x5a) byte += 0x20;
    if (byte != <i32>lowerName.charCodeAt(<i32>i)) return false;
  }
  return true;
}

function isAscii(text: string): bool {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) return false;
  }
  return true;
}
