// Reading the payload Envoy's jwt_authn left in dynamic metadata.
//
// What `proxy_get_property` returns for a Struct-valued property depends on
// the host. Envoy (1.40, `serializeValue` in source/extensions/common/wasm/
// context.cc) walks the path with CEL, where a Struct becomes a CEL map, and
// serializes maps recursively in the header-map format: u32 count, u32
// key/value sizes, then each key and value NUL-terminated. Lists are the
// same with empty values; strings are raw bytes, numbers (doubles in a
// Struct) 8 little-endian bytes, booleans 1 byte. The types are not on the
// wire, so they are told apart the only way left: by shape. Hosts that
// return a serialized google.protobuf.Struct instead are understood too.

import { JsonValue } from "@envoyscript/sdk/assembly/json/value";
import { decodeStruct } from "@envoyscript/sdk/assembly/json/struct-proto";

const MAX_DEPTH: i32 = 32;

/** The metadata object in `bytes` (either encoding), or null when it is neither. */
export function decodeMetadataObject(bytes: ArrayBuffer): JsonValue | null {
  const base = changetype<usize>(bytes);
  const decoded = decodeHostValue(base, base + <usize>bytes.byteLength, 0);
  if (decoded !== null && decoded.isObject()) return decoded;
  const struct = decodeStruct(bytes);
  return struct !== null && struct.isObject() ? struct : null;
}

/** The value serialized in [start, end): a map, a list, or a scalar told apart by its shape. */
function decodeHostValue(start: usize, end: usize, depth: i32): JsonValue | null {
  const length = end - start;
  if (depth > MAX_DEPTH) return null;
  if (isPairs(start, end)) return decodePairs(start, end, depth);
  if (length == 8 && !isPrintableText(start, end)) return JsonValue.fromNumber(load<f64>(start));
  if (length == 1 && load<u8>(start) <= 1) return JsonValue.fromBool(load<u8>(start) == 1);
  return JsonValue.fromString(String.UTF8.decodeUnsafe(start, length));
}

/** True when [start, end) is exactly a well-formed pairs encoding (sizes add up, every item NUL-terminated). */
function isPairs(start: usize, end: usize): bool {
  const length = end - start;
  if (length < 4) return false;
  const count = <usize>load<u32>(start);
  if (count > (length - 4) / 10) return count == 0 && length == 4;
  let data = start + 4 + count * 8;
  for (let i: usize = 0; i < count; i++) {
    const keyLength = <usize>load<u32>(start + 4 + i * 8);
    const valueLength = <usize>load<u32>(start + 8 + i * 8);
    if (keyLength > end - data || end - data - keyLength < 1) return false;
    data += keyLength;
    if (load<u8>(data) != 0) return false;
    data += 1;
    if (valueLength > end - data || end - data - valueLength < 1) return false;
    data += valueLength;
    if (load<u8>(data) != 0) return false;
    data += 1;
  }
  return data == end;
}

/** A checked pairs encoding as an object, or as a list when every value is empty. */
function decodePairs(start: usize, end: usize, depth: i32): JsonValue | null {
  const count = <usize>load<u32>(start);
  let allValuesEmpty = true;
  for (let i: usize = 0; i < count; i++) {
    if (load<u32>(start + 8 + i * 8) != 0) allValuesEmpty = false;
  }
  const result = allValuesEmpty ? JsonValue.newArray() : JsonValue.newObject();
  let data = start + 4 + count * 8;
  for (let i: usize = 0; i < count; i++) {
    const keyLength = <usize>load<u32>(start + 4 + i * 8);
    const valueLength = <usize>load<u32>(start + 8 + i * 8);
    const keyStart = data;
    const valueStart = keyStart + keyLength + 1;
    data = valueStart + valueLength + 1;
    if (allValuesEmpty) {
      const item = decodeHostValue(keyStart, keyStart + keyLength, depth + 1);
      if (item === null) return null;
      result.push(item);
    } else {
      const value = decodeHostValue(valueStart, valueStart + valueLength, depth + 1);
      if (value === null) return null;
      result.set(String.UTF8.decodeUnsafe(keyStart, keyLength), value);
    }
  }
  return result;
}

/**
 * True when every byte is printable ASCII or part of UTF-8 text: an 8-byte
 * claim like "abcdefgh" is a string. A double of a JSON number (exp, iat, a
 * small integer) has zero or control bytes in its mantissa and is not.
 */
function isPrintableText(start: usize, end: usize): bool {
  for (let p = start; p < end; p++) {
    const byte = load<u8>(p);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}
