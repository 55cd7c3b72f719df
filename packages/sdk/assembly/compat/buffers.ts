// Buffers and configuration the 0.1.15 way, plus what 0.1.15 lacked:
// `set_buffer_bytes` (bodies can be rewritten) and the configuration getters.

import { proxy_get_buffer_bytes, proxy_get_buffer_status, proxy_set_buffer_bytes } from "../imports";
import { WasmResult } from "../enums";
import { OUT_EXTRA, OUT_PTR, OUT_SIZE, clearOut, discardOut, takeBytes } from "../memory";
import { getPluginConfigurationString, getVmConfigurationString } from "../configuration";
import { BufferTypeValues, WasmResultValues } from "./enums";

/**
 * Up to `length` bytes of buffer `typ` from `start`, or an empty buffer when
 * it is not available in this callback. Wraps `proxy_get_buffer_bytes`.
 */
export function get_buffer_bytes(typ: BufferTypeValues, start: u32, length: u32): ArrayBuffer {
  clearOut();
  // Envoy rejects start + length past 2^32 as an overflow: clamp the request.
  const room = <u32>0xffffffff - start;
  const size = length > room ? room : length;
  const status = proxy_get_buffer_bytes(<u32>typ, start, size, OUT_PTR, OUT_SIZE);
  if (status != WasmResult.Ok) {
    discardOut();
    return new ArrayBuffer(0);
  }
  return takeBytes();
}

/**
 * Replaces `length` bytes of buffer `typ` at `start` with `data`: (0, 0)
 * prepends, (0, current size) replaces everything, (current size, 0)
 * appends. Returns the host's status. Wraps `proxy_set_buffer_bytes` (missing
 * from 0.1.15); call it where the buffer is available (`onRequestBody`, ...).
 */
export function set_buffer_bytes(typ: BufferTypeValues, start: u32, length: u32, data: ArrayBuffer): WasmResultValues {
  return <WasmResultValues>proxy_set_buffer_bytes(<u32>typ, start, length, changetype<usize>(data), <usize>data.byteLength);
}

/** What `get_buffer_status` answers: `length` and `flags` are set when `result` is Ok. */
export class BufferStatusResult {
  result: WasmResultValues = WasmResultValues.Ok;
  length: usize = 0;
  flags: u32 = 0;
}

/** Size and flags of buffer `typ`. Wraps `proxy_get_buffer_status`. */
export function get_buffer_status(typ: BufferTypeValues): BufferStatusResult {
  clearOut();
  const result = new BufferStatusResult();
  result.result = <WasmResultValues>proxy_get_buffer_status(<u32>typ, OUT_SIZE, OUT_EXTRA);
  if (result.result == WasmResultValues.Ok) {
    result.length = <usize>load<u32>(OUT_SIZE);
    result.flags = load<u32>(OUT_EXTRA);
  }
  return result;
}

/**
 * The plugin configuration as text ("" when none). Wraps
 * `proxy_get_buffer_bytes(PLUGIN_CONFIGURATION)`; call it in `onConfigure`
 * (afterwards, use `RootContext.getConfiguration()`).
 */
export function get_configuration(): string {
  return getPluginConfigurationString();
}

/** The VM configuration as text ("" when none). Wraps `proxy_get_buffer_bytes(VM_CONFIGURATION)`; call it in `onStart`. */
export function get_vm_configuration(): string {
  return getVmConfigurationString();
}
