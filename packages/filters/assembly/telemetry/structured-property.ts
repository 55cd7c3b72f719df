// Values inside Struct-typed properties (node.metadata, dynamic metadata such
// as the JWT payload jwt_authn leaves). Envoy does not hand these out as a
// protobuf Struct: it converts the Struct to a CEL map and serialises maps as
// header-map style pairs, strings as raw bytes, numbers as 8-byte doubles,
// booleans as one byte and lists as pairs whose keys are the items. The type
// is not on the wire, so a member is read by its own property path and its
// bytes are interpreted:
//   - valid UTF-8 text without control characters -> that text
//   - a pairs block whose values are all empty     -> a list, as JSON text ["a","b"]
//   - exactly 8 bytes                              -> a number
//   - one byte 0 or 1                              -> false / true
//   - anything else                                -> absent

import { getProperty } from "@envoyscript/sdk/assembly/properties";
import { HeaderPair, deserializePairsFrom } from "@envoyscript/sdk/assembly/header-pairs";
import { findInvalidUtf8 } from "@envoyscript/sdk/assembly/json/utf8";
import { Value, ValueType, formatNumber } from "./expr/value";
import { jsonString } from "./text/json-text";

/** The member at `path` as attribute text (see above), absent when missing or unreadable. */
export function structuredPropertyText(path: string[]): Value {
  const bytes = getProperty(path);
  if (bytes === null) return Value.absent(ValueType.String);
  return Value.ofString(interpret(bytes));
}

/** The names of the members of the map at `path` (empty when missing or not a map). */
export function structuredPropertyKeys(path: string[]): string[] {
  const keys = new Array<string>();
  const bytes = getProperty(path);
  if (bytes === null || !looksLikePairs(bytes)) return keys;
  const pairs = deserializePairsFrom(bytes);
  for (let i = 0; i < pairs.length; i++) keys.push(pairs[i].name);
  return keys;
}

function interpret(bytes: ArrayBuffer): string | null {
  const length = bytes.byteLength;
  const base = changetype<usize>(bytes);
  if (isText(base, length)) return String.UTF8.decodeUnsafe(base, <usize>length);
  if (looksLikePairs(bytes)) {
    const pairs = deserializePairsFrom(bytes);
    if (allValuesEmpty(pairs)) return listText(pairs);
    return null;
  }
  if (length == 8) return formatNumber(load<f64>(base));
  if (length == 1 && load<u8>(base) <= 1) return load<u8>(base) == 1 ? "true" : "false";
  return null;
}

function isText(base: usize, length: i32): bool {
  if (findInvalidUtf8(base, length) >= 0) return false;
  for (let i = 0; i < length; i++) {
    const byte = load<u8>(base + <usize>i);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

/** A pairs block: a count, then that many length pairs, then NUL-terminated keys and values filling the rest exactly. */
function looksLikePairs(bytes: ArrayBuffer): bool {
  const length = <u64>bytes.byteLength;
  if (length < 4) return false;
  const base = changetype<usize>(bytes);
  const count = <u64>load<u32>(base);
  if (count > 4096 || 4 + count * 8 > length) return false;
  let total: u64 = 4 + count * 8;
  for (let i: u64 = 0; i < count; i++) {
    total += <u64>load<u32>(base + 4 + <usize>(i * 8)) + <u64>load<u32>(base + 8 + <usize>(i * 8)) + 2;
    if (total > length) return false;
  }
  return total == length;
}

function allValuesEmpty(pairs: HeaderPair[]): bool {
  for (let i = 0; i < pairs.length; i++) if (pairs[i].value.length > 0) return false;
  return true;
}

function listText(pairs: HeaderPair[]): string {
  const items = new Array<string>();
  for (let i = 0; i < pairs.length; i++) items.push(jsonString(pairs[i].name));
  return "[" + items.join(",") + "]";
}
