// Decodes a serialized google.protobuf.Struct into a JsonValue tree. Envoy
// hands out Structs this way inside the messages it serializes whole
// (`xds.node` -> Node.metadata, `metadata` -> Metadata.filter_metadata; see
// envoy-proto.ts). Bounds-checked, depth- and size-limited: malformed bytes
// give null, never a trap.
//
//   Struct    { map<string, Value> fields = 1; }
//   Value     { null_value = 1; number_value = 2 (double); string_value = 3;
//               bool_value = 4; Struct struct_value = 5; ListValue list_value = 6; }
//   ListValue { repeated Value values = 1; }

import { JsonValue } from "./value";
import { JSON_MAX_BYTES, JSON_MAX_DEPTH } from "./parser";
import { ProtoScanner, WIRE_I64, WIRE_LEN, WIRE_VARINT, fieldText } from "./proto-wire";

/** The Struct in `bytes` as a JSON object, or null when the bytes are not a valid Struct. */
export function decodeStruct(bytes: ArrayBuffer): JsonValue | null {
  const start = changetype<usize>(bytes);
  return decodeStructRange(start, start + <usize>bytes.byteLength);
}

/**
 * The Struct serialized in [from, to) as a JSON object, or null when it is not
 * a valid Struct, nests deeper than JSON_MAX_DEPTH or is larger than
 * JSON_MAX_BYTES. The caller keeps the memory alive.
 */
export function decodeStructRange(from: usize, to: usize): JsonValue | null {
  if (to - from > <usize>JSON_MAX_BYTES) return null;
  return readStruct(from, to, 1);
}

function readStruct(from: usize, to: usize, depth: i32): JsonValue | null {
  if (depth > JSON_MAX_DEPTH) return null;
  const object = JsonValue.newObject();
  const fields = new ProtoScanner(from, to);
  while (fields.next()) {
    if (fields.fieldNumber != 1 || fields.wireType != WIRE_LEN) continue;
    if (!readEntry(object, fields.valueStart, fields.valueEnd, depth)) return null;
  }
  return fields.failed ? null : object;
}

/** One `fields` map entry: key = 1 (string), value = 2 (Value). */
function readEntry(object: JsonValue, from: usize, to: usize, depth: i32): bool {
  let key = "";
  let value: JsonValue = JsonValue.makeNull();
  const fields = new ProtoScanner(from, to);
  while (fields.next()) {
    if (fields.wireType != WIRE_LEN) continue;
    if (fields.fieldNumber == 1) {
      key = fieldText(fields);
    } else if (fields.fieldNumber == 2) {
      const decoded = readValue(fields.valueStart, fields.valueEnd, depth);
      if (decoded === null) return false;
      value = decoded;
    }
  }
  if (fields.failed) return false;
  object.set(key, value);
  return true;
}

/** A Value; the last kind field wins, as protobuf's oneof does. Unknown fields are skipped. */
function readValue(from: usize, to: usize, depth: i32): JsonValue | null {
  let value: JsonValue = JsonValue.makeNull();
  const fields = new ProtoScanner(from, to);
  while (fields.next()) {
    const field = fields.fieldNumber;
    const wire = fields.wireType;
    let decoded: JsonValue | null = value;
    if (field == 1 && wire == WIRE_VARINT) decoded = JsonValue.makeNull();
    else if (field == 2 && wire == WIRE_I64) decoded = JsonValue.fromNumber(load<f64>(fields.valueStart));
    else if (field == 3 && wire == WIRE_LEN) decoded = JsonValue.fromString(fieldText(fields));
    else if (field == 4 && wire == WIRE_VARINT) decoded = JsonValue.fromBool(fields.varint != 0);
    else if (field == 5 && wire == WIRE_LEN) decoded = readStruct(fields.valueStart, fields.valueEnd, depth + 1);
    else if (field == 6 && wire == WIRE_LEN) decoded = readList(fields.valueStart, fields.valueEnd, depth + 1);
    if (decoded === null) return null;
    value = decoded;
  }
  return fields.failed ? null : value;
}

/** A ListValue: repeated Value values = 1. */
function readList(from: usize, to: usize, depth: i32): JsonValue | null {
  if (depth > JSON_MAX_DEPTH) return null;
  const array = JsonValue.newArray();
  const fields = new ProtoScanner(from, to);
  while (fields.next()) {
    if (fields.fieldNumber != 1 || fields.wireType != WIRE_LEN) continue;
    const item = readValue(fields.valueStart, fields.valueEnd, depth);
    if (item === null) return null;
    array.push(item);
  }
  return fields.failed ? null : array;
}
