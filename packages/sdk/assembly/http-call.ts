// HTTP callouts: `proxy_http_call`, answered by `proxy_on_http_call_response`.
// AssemblyScript has no closures: the answer goes to a handler object the
// caller passes (a class extending HttpCallHandler, holding whatever state it
// needs, e.g. the HttpContext to resume). A callout belongs to the context
// that made it (Envoy cancels a stream's callouts when the stream ends);
// `httpCallFromRoot` makes one that belongs to the plugin instead.

import { proxy_http_call } from "./imports";
import { BufferType, WasmResult } from "./enums";
import { OUT_EXTRA, addressOf, lengthOf } from "./memory";
import { expectOk } from "./status";
import { HeaderPair, serializePairs } from "./header-pairs";
import { httpCallResponseHeaders, httpCallResponseTrailers } from "./headers";
import { getBufferBytes, getBufferString } from "./buffers";
import { PendingCallouts, restoreOrigin } from "./dispatch/pending";
import { activeContextId, enterContext } from "./dispatch/registry";
import { setEffectiveContext } from "./lifecycle";
import { RootContext } from "./contexts/root-context";

/** The answer to an HTTP callout, readable during `onHttpCallResponse` only. */
export class HttpCallResponse {
  constructor(
    public readonly token: u32,
    public readonly headerCount: u32,
    public readonly bodySize: u32,
    public readonly trailerCount: u32,
  ) {}

  /** False when the callout failed (reset, timeout, no healthy upstream): the host sends no headers then. */
  get succeeded(): bool {
    return this.headerCount > 0;
  }

  /** The `:status` code, or 0 when the callout failed. Wraps `proxy_get_header_map_value`. */
  statusCode(): u32 {
    if (!this.succeeded) return 0;
    const status = httpCallResponseHeaders.get(":status");
    return status === null ? 0 : <u32>I32.parseInt(status);
  }

  /** One response header, or null. Wraps `proxy_get_header_map_value(HTTP_CALL_RESPONSE_HEADERS)`. */
  header(name: string): string | null {
    return this.succeeded ? httpCallResponseHeaders.get(name) : null;
  }

  /** All response headers. Wraps `proxy_get_header_map_pairs(HTTP_CALL_RESPONSE_HEADERS)`. */
  headers(): HeaderPair[] {
    return this.succeeded ? httpCallResponseHeaders.getAll() : new Array<HeaderPair>();
  }

  /** All response trailers. Wraps `proxy_get_header_map_pairs(HTTP_CALL_RESPONSE_TRAILERS)`. */
  trailers(): HeaderPair[] {
    return this.trailerCount > 0 ? httpCallResponseTrailers.getAll() : new Array<HeaderPair>();
  }

  /** The response body. Wraps `proxy_get_buffer_bytes(HTTP_CALL_RESPONSE_BODY)`. */
  body(): ArrayBuffer {
    if (this.bodySize == 0) return new ArrayBuffer(0);
    const bytes = getBufferBytes(BufferType.HttpCallResponseBody, 0, this.bodySize);
    return bytes === null ? new ArrayBuffer(0) : bytes;
  }

  /** The response body as UTF-8 text. Wraps `proxy_get_buffer_bytes(HTTP_CALL_RESPONSE_BODY)`. */
  bodyString(): string {
    if (this.bodySize == 0) return "";
    const text = getBufferString(BufferType.HttpCallResponseBody, 0, this.bodySize);
    return text === null ? "" : text;
  }
}

/** Receives the answer to an HTTP callout. Extend it and override `onHttpCallResponse`. */
export class HttpCallHandler {
  /**
   * The answer arrived (`proxy_on_http_call_response`), with the calling
   * context effective again. Read the response through `response` now: it is
   * gone after this call returns.
   */
  onHttpCallResponse(response: HttpCallResponse): void {}
}

const pendingHttpCalls = new PendingCallouts<HttpCallHandler>();

/**
 * Sends an HTTP request to `cluster` (an Envoy cluster name). `headers` must
 * include `:method`, `:path` and `:authority`. `timeoutMilliseconds` 0 means
 * no timeout. Returns the callout token, or 0 when the host refused the call
 * (BAD_ARGUMENT: unknown cluster or missing pseudo-headers; INTERNAL_FAILURE:
 * the request could not start). Wraps `proxy_http_call`; callable from root
 * and stream callbacks. The callout belongs to the calling context: made from
 * a stream callback, it is cancelled when that stream ends, and its handler
 * runs with that stream effective. Pause the stream (return a `Stop*` status)
 * if the handler will resume it. For a callout that must outlive the stream
 * (its answer serves several streams), use `httpCallFromRoot`.
 */
export function httpCall(
  cluster: string,
  headers: HeaderPair[],
  body: ArrayBuffer | null,
  trailers: HeaderPair[],
  timeoutMilliseconds: u32,
  handler: HttpCallHandler,
): u32 {
  const clusterBytes = String.UTF8.encode(cluster);
  const headerBytes = serializePairs(headers);
  const trailerBytes = serializePairs(trailers);
  store<u32>(OUT_EXTRA, 0);
  const status = proxy_http_call(
    changetype<usize>(clusterBytes), <usize>clusterBytes.byteLength,
    changetype<usize>(headerBytes), <usize>headerBytes.byteLength,
    addressOf(body), lengthOf(body),
    changetype<usize>(trailerBytes), <usize>trailerBytes.byteLength,
    timeoutMilliseconds,
    OUT_EXTRA,
  );
  if (status == WasmResult.BadArgument || status == WasmResult.InternalFailure || status == WasmResult.NotFound) return 0;
  expectOk(status, "proxy_http_call");
  const token = load<u32>(OUT_EXTRA);
  pendingHttpCalls.add(token, handler);
  return token;
}

/**
 * Sends an HTTP callout owned by `root` (the plugin) rather than by the
 * stream whose callback is running: Envoy cancels a stream's callouts when
 * the stream ends, so a callout whose answer other streams wait for too (a
 * shared key or token fetch) must belong to the root. Arguments, result and
 * refusals as `httpCall`. The handler runs with the root context effective;
 * to act on a waiting stream from it, make that stream effective with
 * `setEffectiveContext(streamContextId)`. Wraps `proxy_set_effective_context`
 * (to the root, and back to the caller afterwards) around `proxy_http_call`.
 * Callable from any callback of the plugin: root callbacks (`onConfigure`,
 * `onTick`, `onQueueReady`, callout handlers) and stream callbacks. Returns
 * 0 also when the host no longer knows `root`.
 */
export function httpCallFromRoot(
  root: RootContext,
  cluster: string,
  headers: HeaderPair[],
  body: ArrayBuffer | null,
  trailers: HeaderPair[],
  timeoutMilliseconds: u32,
  handler: HttpCallHandler,
): u32 {
  const rootId = root.contextId;
  const caller = activeContextId();
  if (caller == rootId) return httpCall(cluster, headers, body, trailers, timeoutMilliseconds, handler);
  if (!setEffectiveContext(rootId)) return 0;
  // The SDK records the origin from the active context: the root, so the
  // answer is delivered to the root even after the caller's stream ended.
  enterContext(rootId);
  const token = httpCall(cluster, headers, body, trailers, timeoutMilliseconds, handler);
  enterContext(caller);
  if (caller != 0) setEffectiveContext(caller);
  return token;
}

/** Number of HTTP callouts still waiting for an answer. */
export function pendingHttpCallCount(): i32 {
  return pendingHttpCalls.size;
}

/** Dispatcher entry for `proxy_on_http_call_response`. */
export function deliverHttpCallResponse(rootContextId: u32, token: u32, headerCount: u32, bodySize: u32, trailerCount: u32): void {
  const pending = pendingHttpCalls.find(token);
  if (pending === null) return;
  pendingHttpCalls.remove(token);
  if (!restoreOrigin(pending.originContextId, rootContextId, "HTTP callout")) return;
  pending.handler.onHttpCallResponse(new HttpCallResponse(token, headerCount, bodySize, trailerCount));
}
