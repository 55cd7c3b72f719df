// Properties the 0.1.15 way: a path is one string whose segments are joined
// by "\0" (e.g. "request\0path"), exactly as it goes on the wire.

import { proxy_set_property } from "../imports";
import { getProperty } from "../properties";
import { WasmResultValues } from "./enums";

/**
 * The raw bytes of property `path`, or an empty buffer when the host has no
 * such property (0.1.15 trapped here; a missing property is normal).
 * Wraps `proxy_get_property`.
 */
export function get_property(path: string): ArrayBuffer {
  const value = getProperty([path]);
  return value === null ? new ArrayBuffer(0) : value;
}

/** Sets property `path` (Envoy: filter state `wasm.<path>`); returns the host's status. Wraps `proxy_set_property`. */
export function set_property(path: string, data: ArrayBuffer): WasmResultValues {
  const encoded = String.UTF8.encode(path);
  return <WasmResultValues>proxy_set_property(changetype<usize>(encoded), <usize>encoded.byteLength, changetype<usize>(data), <usize>data.byteLength);
}
