// Decodes a serialized google.protobuf.Struct (what Envoy returns for
// node.metadata and metadata.filter_metadata.<filter>) into a JsonValue tree.
// Bounds-checked and depth-limited: malformed bytes give null, never a trap.
//
//   Struct    { map<string, Value> fields = 1; }
//   Value     { null_value = 1; number_value = 2 (double); string_value = 3;
//               bool_value = 4; Struct struct_value = 5; ListValue list_value = 6; }
//   ListValue { repeated Value values = 1; }

import { JsonValue } from "./value";

const WIRE_VARINT: u32 = 0;
const WIRE_I64: u32 = 1;
const WIRE_LEN: u32 = 2;
const WIRE_I32: u32 = 5;
const MAX_DEPTH: i32 = 64;

/** The Struct in `bytes` as a JSON object, or null when the bytes are not a valid Struct. */
export function decodeStruct(bytes: ArrayBuffer): JsonValue | null {
  const reader = new ProtoReader(bytes);
  return reader.readStruct(reader.start, reader.end, 0);
}

class ProtoReader {
  readonly start: usize;
  readonly end: usize;
  private position: usize = 0;
  private failed: bool = false;

  constructor(private readonly bytes: ArrayBuffer) {
    this.start = changetype<usize>(bytes);
    this.end = this.start + <usize>bytes.byteLength;
  }

  readStruct(from: usize, to: usize, depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return null;
    const object = JsonValue.newObject();
    this.position = from;
    while (this.position < to && !this.failed) {
      const tag = this.readVarint(to);
      if (this.failed) return null;
      if (<u32>(tag >> 3) == 1 && <u32>(tag & 7) == WIRE_LEN) {
        const entryEnd = this.readLengthEnd(to);
        if (this.failed) return null;
        if (!this.readEntry(object, entryEnd, depth)) return null;
        this.position = entryEnd;
      } else if (!this.skip(<u32>(tag & 7), to)) {
        return null;
      }
    }
    return this.failed ? null : object;
  }

  private readEntry(object: JsonValue, to: usize, depth: i32): bool {
    let key = "";
    let value: JsonValue = JsonValue.makeNull();
    while (this.position < to) {
      const tag = this.readVarint(to);
      if (this.failed) return false;
      const field = <u32>(tag >> 3);
      if (<u32>(tag & 7) != WIRE_LEN || (field != 1 && field != 2)) {
        if (!this.skip(<u32>(tag & 7), to)) return false;
        continue;
      }
      const fieldEnd = this.readLengthEnd(to);
      if (this.failed) return false;
      if (field == 1) {
        key = String.UTF8.decodeUnsafe(this.position, fieldEnd - this.position);
      } else {
        const decoded = this.readValue(this.position, fieldEnd, depth + 1);
        if (decoded === null) return false;
        value = decoded;
      }
      this.position = fieldEnd;
    }
    object.set(key, value);
    return true;
  }

  private readValue(from: usize, to: usize, depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return null;
    let value: JsonValue = JsonValue.makeNull();
    this.position = from;
    while (this.position < to) {
      const tag = this.readVarint(to);
      if (this.failed) return null;
      const field = <u32>(tag >> 3);
      const wire = <u32>(tag & 7);
      if (field == 1 && wire == WIRE_VARINT) {
        this.readVarint(to);
        value = JsonValue.makeNull();
      } else if (field == 2 && wire == WIRE_I64) {
        if (to - this.position < 8) return null;
        value = JsonValue.fromNumber(load<f64>(this.position));
        this.position += 8;
      } else if (field == 4 && wire == WIRE_VARINT) {
        value = JsonValue.fromBool(this.readVarint(to) != 0);
      } else if (wire == WIRE_LEN && (field == 3 || field == 5 || field == 6)) {
        const fieldEnd = this.readLengthEnd(to);
        if (this.failed) return null;
        const decoded = this.readLengthField(field, fieldEnd, depth);
        if (decoded === null) return null;
        value = decoded;
        this.position = fieldEnd;
      } else if (!this.skip(wire, to)) {
        return null;
      }
      if (this.failed) return null;
    }
    return value;
  }

  private readLengthField(field: u32, fieldEnd: usize, depth: i32): JsonValue | null {
    if (field == 3) return JsonValue.fromString(String.UTF8.decodeUnsafe(this.position, fieldEnd - this.position));
    if (field == 5) return this.readStruct(this.position, fieldEnd, depth + 1);
    return this.readList(this.position, fieldEnd, depth + 1);
  }

  private readList(from: usize, to: usize, depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return null;
    const array = JsonValue.newArray();
    this.position = from;
    while (this.position < to) {
      const tag = this.readVarint(to);
      if (this.failed) return null;
      if (<u32>(tag >> 3) == 1 && <u32>(tag & 7) == WIRE_LEN) {
        const itemEnd = this.readLengthEnd(to);
        if (this.failed) return null;
        const item = this.readValue(this.position, itemEnd, depth + 1);
        if (item === null) return null;
        array.push(item);
        this.position = itemEnd;
      } else if (!this.skip(<u32>(tag & 7), to)) {
        return null;
      }
    }
    return array;
  }

  private readVarint(to: usize): u64 {
    let result: u64 = 0;
    for (let shift: u64 = 0; shift < 64; shift += 7) {
      if (this.position >= to) break;
      const byte = <u64>load<u8>(this.position);
      this.position++;
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return result;
    }
    this.failed = true;
    return 0;
  }

  /** Reads a length prefix and returns where the field ends; fails if it runs past `to`. */
  private readLengthEnd(to: usize): usize {
    const length = this.readVarint(to);
    if (this.failed || length > <u64>(to - this.position)) {
      this.failed = true;
      return this.position;
    }
    return this.position + <usize>length;
  }

  private skip(wire: u32, to: usize): bool {
    if (wire == WIRE_VARINT) {
      this.readVarint(to);
    } else if (wire == WIRE_I64 || wire == WIRE_I32) {
      const size: usize = wire == WIRE_I64 ? 8 : 4;
      if (to - this.position < size) this.failed = true;
      else this.position += size;
    } else if (wire == WIRE_LEN) {
      this.position = this.readLengthEnd(to);
    } else {
      this.failed = true;
    }
    return !this.failed;
  }
}
