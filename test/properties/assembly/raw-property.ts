// The hostcall status and raw bytes of one property, straight from
// `proxy_get_property` (the SDK's wrappers hide the status on purpose).

import { proxy_get_property } from "@envoyscript/sdk/assembly/imports";
import { OUT_PTR, OUT_SIZE, clearOut, takeBytes } from "@envoyscript/sdk/assembly/memory";

const HEX = "0123456789abcdef";

/** `{"path":"a/b","status":0,"hex":"..."}` for `path` (segments split by "/"). */
export function rawProperty(path: string): string {
  clearOut();
  const encoded = String.UTF8.encode(path.split("/").join("\0"));
  const status = proxy_get_property(changetype<usize>(encoded), <usize>encoded.byteLength, OUT_PTR, OUT_SIZE);
  const bytes = status == 0 ? takeBytes() : new ArrayBuffer(0);
  return "{\"path\":\"" + path + "\",\"status\":" + status.toString() + ",\"hex\":\"" + hex(bytes) + "\"}";
}

/**
 * The bytes as lower-case hex, written into one buffer: some properties
 * (xds/node) are tens of KiB, and concatenating per byte would make
 * quadratic garbage inside one callback.
 */
export function hex(bytes: ArrayBuffer): string {
  const out = new ArrayBuffer(bytes.byteLength * 2);
  const base = changetype<usize>(bytes);
  const digits = changetype<usize>(out);
  for (let i = 0; i < bytes.byteLength; i++) {
    const byte = <i32>load<u8>(base + <usize>i);
    store<u8>(digits + (<usize>i << 1), <u8>HEX.charCodeAt(byte >> 4));
    store<u8>(digits + (<usize>i << 1) + 1, <u8>HEX.charCodeAt(byte & 15));
  }
  return String.UTF8.decode(out);
}
