// The Structs inside the two Envoy messages the SDK reads whole.
//
// Envoy (1.40, `serializeValue` in source/extensions/common/wasm/context.cc)
// answers a property that is a protobuf message with the message's wire
// bytes, but converts a google.protobuf.Struct reached through a path (e.g.
// `xds.node.metadata`, `metadata.filter_metadata.<filter>`) to a CEL map and
// serializes that as nested pairs, which lose the value types (a string, a
// number and a list can have the same bytes) and fail whole
// (SERIALIZATION_FAILURE) when any value is null. So the SDK asks for the
// enclosing message and decodes its Struct with every type intact:
//
//   envoy.config.core.v3.Node     { id = 1; cluster = 2; Struct metadata = 3; ... }
//   envoy.config.core.v3.Metadata { map<string, Struct> filter_metadata = 1; ... }
//
// Bounds-checked: malformed bytes give null, never a trap.

import { JsonValue } from "./value";
import { ProtoScanner, WIRE_LEN, fieldText } from "./proto-wire";
import { decodeStructRange } from "./struct-proto";

const NODE_METADATA_FIELD: u32 = 3;
const METADATA_FILTER_METADATA_FIELD: u32 = 1;
const MAP_KEY_FIELD: u32 = 1;
const MAP_VALUE_FIELD: u32 = 2;

/**
 * `metadata` of the serialized Node in `node` as a JSON object ({} when the
 * node has none), or null when the bytes are malformed.
 */
export function decodeNodeMetadata(node: ArrayBuffer): JsonValue | null {
  const start = changetype<usize>(node);
  const fields = new ProtoScanner(start, start + <usize>node.byteLength);
  let from: usize = 0;
  let to: usize = 0;
  while (fields.next()) {
    // A repeated singular message field is merged by protobuf; Envoy never
    // sends one, so the last occurrence is taken.
    if (fields.fieldNumber == NODE_METADATA_FIELD && fields.wireType == WIRE_LEN) {
      from = fields.valueStart;
      to = fields.valueEnd;
    }
  }
  if (fields.failed) return null;
  return decodeStructRange(from, to);
}

/**
 * `filter_metadata[filterName]` of the serialized Metadata in `metadata` as a
 * JSON object, or null when there is no such entry or the bytes are malformed.
 */
export function decodeFilterMetadata(metadata: ArrayBuffer, filterName: string): JsonValue | null {
  const start = changetype<usize>(metadata);
  const entries = new ProtoScanner(start, start + <usize>metadata.byteLength);
  let found: JsonValue | null = null;
  while (entries.next()) {
    if (entries.fieldNumber != METADATA_FILTER_METADATA_FIELD || entries.wireType != WIRE_LEN) continue;
    const entry = readStructEntry(entries.valueStart, entries.valueEnd, filterName);
    // A map entry repeated under the same key: the last one wins, as in protobuf.
    if (entry !== null) found = entry;
  }
  return entries.failed ? null : found;
}

/** The Struct value of a map<string, Struct> entry in [from, to) when its key is `wanted`; null otherwise. */
function readStructEntry(from: usize, to: usize, wanted: string): JsonValue | null {
  let key = "";
  let valueFrom: usize = 0;
  let valueTo: usize = 0;
  const fields = new ProtoScanner(from, to);
  while (fields.next()) {
    if (fields.wireType != WIRE_LEN) continue;
    if (fields.fieldNumber == MAP_KEY_FIELD) {
      key = fieldText(fields);
    } else if (fields.fieldNumber == MAP_VALUE_FIELD) {
      valueFrom = fields.valueStart;
      valueTo = fields.valueEnd;
    }
  }
  if (fields.failed || key != wanted) return null;
  return decodeStructRange(valueFrom, valueTo);
}
