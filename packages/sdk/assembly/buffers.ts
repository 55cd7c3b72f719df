// Buffers: bodies, TCP data, callout responses, configurations and foreign
// function arguments, through `proxy_get_buffer_bytes`,
// `proxy_set_buffer_bytes` and `proxy_get_buffer_status`.
//
// Where each buffer is available (elsewhere the host answers NOT_FOUND, which
// these wrappers report as null / 0 / false):
// - HttpRequestBody: `onRequestBody` (or while the request is paused there)
// - HttpResponseBody: `onResponseBody` (or while the response is paused there)
// - DownstreamData / UpstreamData: `onDownstreamData` / `onUpstreamData`
// - HttpCallResponseBody: the callout's `onHttpCallResponse`
// - GrpcReceiveBuffer: `onGrpcReceive`
// - VmConfiguration: `onVmStart`; PluginConfiguration: `onConfigure`
// - CallData: `onForeignFunction`

import { proxy_get_buffer_bytes, proxy_get_buffer_status, proxy_set_buffer_bytes } from "./imports";
import { BufferType, WasmResult } from "./enums";
import { OUT_EXTRA, OUT_PTR, OUT_SIZE, clearOut, takeBytes, takeString } from "./memory";
import { expectOk } from "./status";

/** Largest size the ABI can express: "to the end of the buffer". */
const WHOLE: u32 = 0xffffffff;

/**
 * Current size of buffer `type`, or 0 when the buffer is not available in
 * this callback. Wraps `proxy_get_buffer_status`.
 */
export function getBufferSize(type: BufferType): u32 {
  clearOut();
  const status = proxy_get_buffer_status(<u32>type, OUT_SIZE, OUT_EXTRA);
  if (status == WasmResult.NotFound) return 0;
  expectOk(status, "proxy_get_buffer_status");
  return load<u32>(OUT_SIZE);
}

/**
 * Up to `maxSize` bytes of buffer `type` from `start` (default: everything), or
 * null when the buffer is not available in this callback. Wraps
 * `proxy_get_buffer_bytes`.
 */
export function getBufferBytes(type: BufferType, start: u32 = 0, maxSize: u32 = WHOLE): ArrayBuffer | null {
  if (!fetchBuffer(type, start, maxSize)) return null;
  return takeBytes();
}

/** Like {@link getBufferBytes}, decoded as UTF-8; null when unavailable. Wraps `proxy_get_buffer_bytes`. */
export function getBufferString(type: BufferType, start: u32 = 0, maxSize: u32 = WHOLE): string | null {
  if (!fetchBuffer(type, start, maxSize)) return null;
  return takeString();
}

/**
 * Replaces `size` bytes of buffer `type` at `start` with `data`: (0, 0)
 * prepends, (0, whole size) replaces everything, (size, 0) appends. Envoy
 * refuses other combinations on bodies with BAD_ARGUMENT. Returns false when
 * the buffer is not available in this callback. Wraps `proxy_set_buffer_bytes`;
 * call it where the buffer is available (see this file's header).
 */
export function setBufferBytes(type: BufferType, start: u32, size: u32, data: ArrayBuffer): bool {
  const status = proxy_set_buffer_bytes(<u32>type, start, size, changetype<usize>(data), <usize>data.byteLength);
  if (status == WasmResult.NotFound) return false;
  expectOk(status, "proxy_set_buffer_bytes");
  return true;
}

/** Replaces the whole content of buffer `type`. Wraps `proxy_set_buffer_bytes` (start 0, size = whole). */
export function replaceBuffer(type: BufferType, data: ArrayBuffer): bool {
  return setBufferBytes(type, 0, WHOLE, data);
}

/** Replaces the whole content of buffer `type` with UTF-8 text. Wraps `proxy_set_buffer_bytes`. */
export function replaceBufferString(type: BufferType, text: string): bool {
  return replaceBuffer(type, String.UTF8.encode(text));
}

/** Appends `data` to buffer `type`. Wraps `proxy_set_buffer_bytes` (start = end, size 0). */
export function appendBuffer(type: BufferType, data: ArrayBuffer): bool {
  return setBufferBytes(type, WHOLE, 0, data);
}

/** Prepends `data` to buffer `type`. Wraps `proxy_set_buffer_bytes` (start 0, size 0). */
export function prependBuffer(type: BufferType, data: ArrayBuffer): bool {
  return setBufferBytes(type, 0, 0, data);
}

function fetchBuffer(type: BufferType, start: u32, maxSize: u32): bool {
  clearOut();
  // Envoy rejects start + maxSize past 2^32 as an overflow: clamp the request.
  const room = WHOLE - start;
  const size = maxSize > room ? room : maxSize;
  const status = proxy_get_buffer_bytes(<u32>type, start, size, OUT_PTR, OUT_SIZE);
  if (status == WasmResult.NotFound) return false;
  expectOk(status, "proxy_get_buffer_bytes");
  return true;
}

/** The request body received so far: `onRequestBody`. Wraps `proxy_get_buffer_bytes`. */
export function getRequestBody(): ArrayBuffer | null {
  return getBufferBytes(BufferType.HttpRequestBody);
}

/** The response body received so far: `onResponseBody`. Wraps `proxy_get_buffer_bytes`. */
export function getResponseBody(): ArrayBuffer | null {
  return getBufferBytes(BufferType.HttpResponseBody);
}

/** Replaces the request body: `onRequestBody`. Wraps `proxy_set_buffer_bytes`. */
export function setRequestBody(data: ArrayBuffer): bool {
  return replaceBuffer(BufferType.HttpRequestBody, data);
}

/** Replaces the response body: `onResponseBody`. Wraps `proxy_set_buffer_bytes`. */
export function setResponseBody(data: ArrayBuffer): bool {
  return replaceBuffer(BufferType.HttpResponseBody, data);
}
