// Properties: the host's attributes (request, response, connection, node,
// plugin, metadata, filter state), through `proxy_get_property` and
// `proxy_set_property`. A path is a list of segments, joined by NUL on the
// wire. NOT_FOUND means "absent" and comes back as null, never as a trap.
//
// Value encodings (Envoy 1.40, `serializeValue`): strings and bytes raw;
// integers, durations and timestamps as 8-byte little-endian int64
// (nanoseconds for the last two); doubles as 8-byte f64; booleans as one byte;
// maps (request.headers, and any google.protobuf.Struct reached by a path,
// e.g. `xds.node.metadata`) as header-map style pairs of serialized keys and
// values, nested for nested maps; lists as pairs with empty values; protobuf
// messages (`xds.node`, `metadata`) as their wire bytes. A map holding a null
// anywhere, and Envoy's attribute groups read whole (`request`, `xds`), give
// SERIALIZATION_FAILURE, which reads as absent here.

import { proxy_get_property, proxy_set_property } from "./imports";
import { WasmResult } from "./enums";
import { ArgSlot, OUT_PTR, OUT_SIZE, argLength, clearOut, discardOut, pathArg, takeBytes, takeString, textArg } from "./memory";
import { expectOk } from "./status";
import { HeaderPair, deserializePairsFrom } from "./header-pairs";

/** Serializes a property path: segments joined by NUL, as the ABI wants. */
export function encodePropertyPath(path: string[]): ArrayBuffer {
  return String.UTF8.encode(path.join("\0"));
}

function fetchProperty(path: string[]): bool {
  clearOut();
  const encoded = pathArg(path, ArgSlot.First);
  const status = proxy_get_property(encoded, argLength(ArgSlot.First), OUT_PTR, OUT_SIZE);
  // NOT_FOUND: no such attribute. SERIALIZATION_FAILURE: Envoy knows the
  // attribute but cannot serialize its type; both mean "no value to give".
  if (status == WasmResult.NotFound || status == WasmResult.SerializationFailure) {
    discardOut();
    return false;
  }
  expectOk(status, "proxy_get_property");
  return true;
}

/**
 * The raw bytes of property `path`, or null when absent. Wraps
 * `proxy_get_property`; stream properties (request.*, source.*, ...) are
 * available in stream callbacks, node/plugin ones everywhere.
 */
export function getProperty(path: string[]): ArrayBuffer | null {
  if (!fetchProperty(path)) return null;
  return takeBytes();
}

/** Property `path` decoded as UTF-8, or null when absent. Wraps `proxy_get_property`. */
export function getPropertyString(path: string[]): string | null {
  if (!fetchProperty(path)) return null;
  return takeString();
}

/**
 * Property `path` as a 64-bit integer (Envoy's int64, uint64, duration and
 * timestamp encodings), or `absent` when it is missing or not 8 bytes long.
 * Wraps `proxy_get_property`.
 */
export function getPropertyInt(path: string[], absent: i64 = -1): i64 {
  const bytes = getProperty(path);
  if (bytes === null || bytes.byteLength != 8) return absent;
  return load<i64>(changetype<usize>(bytes));
}

/** Property `path` as a boolean; `absent` when missing. Wraps `proxy_get_property`. */
export function getPropertyBool(path: string[], absent: bool = false): bool {
  const bytes = getProperty(path);
  if (bytes === null || bytes.byteLength < 1) return absent;
  return load<u8>(changetype<usize>(bytes)) != 0;
}

/** A map-valued property (e.g. request.headers) as pairs, or null when absent. Wraps `proxy_get_property`. */
export function getPropertyMap(path: string[]): HeaderPair[] | null {
  const bytes = getProperty(path);
  if (bytes === null) return null;
  return deserializePairsFrom(bytes);
}

/**
 * Sets property `path` (Envoy stores it as filter state `wasm.<path>`, readable
 * by later filters and access logs). Returns false when the host has nowhere
 * to store it (NOT_FOUND, e.g. outside a stream). Wraps `proxy_set_property`;
 * call it in stream callbacks.
 */
export function setProperty(path: string[], value: ArrayBuffer): bool {
  return setPropertyAt(pathArg(path, ArgSlot.First), changetype<usize>(value), <usize>value.byteLength);
}

/** Sets property `path` to UTF-8 text. Wraps `proxy_set_property`. */
export function setPropertyString(path: string[], value: string): bool {
  const encoded = pathArg(path, ArgSlot.First);
  return setPropertyAt(encoded, textArg(value, ArgSlot.Second), argLength(ArgSlot.Second));
}

function setPropertyAt(encodedPath: usize, value: usize, valueLength: usize): bool {
  const status = proxy_set_property(encodedPath, argLength(ArgSlot.First), value, valueLength);
  if (status == WasmResult.NotFound) return false;
  expectOk(status, "proxy_set_property");
  return true;
}
