// Stream control: resume or close a paused stream, answer locally, read the
// status of the last callout.

import { proxy_close_stream, proxy_continue_stream, proxy_get_status, proxy_send_local_response } from "./imports";
import { GrpcStatus, StreamType, WasmResult } from "./enums";
import { OUT_EXTRA, OUT_PTR, OUT_SIZE, addressOf, clearOut, lengthOf, takeString } from "./memory";
import { expectOk } from "./status";
import { HeaderPair, serializePairs } from "./header-pairs";

/**
 * Resumes a stream paused by a `Stop*` return. Wraps `proxy_continue_stream`;
 * call it from a callout response, a timer or a queue callback after setting
 * the effective context to the paused stream (the SDK does that for callouts).
 * Returns false when the host has no such stream (NOT_FOUND).
 */
export function continueStream(streamType: StreamType): bool {
  const status = proxy_continue_stream(<u32>streamType);
  if (status == WasmResult.NotFound) return false;
  expectOk(status, "proxy_continue_stream");
  return true;
}

/** Resumes the paused request. Wraps `proxy_continue_stream(REQUEST)`; HTTP contexts. */
export function continueRequest(): bool {
  return continueStream(StreamType.Request);
}

/** Resumes the paused response. Wraps `proxy_continue_stream(RESPONSE)`; HTTP contexts. */
export function continueResponse(): bool {
  return continueStream(StreamType.Response);
}

/**
 * Closes (resets) a stream. Wraps `proxy_close_stream`; HTTP and TCP contexts.
 * Returns false when the host has no such stream (NOT_FOUND).
 */
export function closeStream(streamType: StreamType): bool {
  const status = proxy_close_stream(<u32>streamType);
  if (status == WasmResult.NotFound) return false;
  expectOk(status, "proxy_close_stream");
  return true;
}

/**
 * Answers the request locally with `statusCode`, `body` and extra `headers`;
 * `grpcStatus` other than `GrpcStatus.None` makes it a gRPC error response.
 * `details` ends up in Envoy's response code details (`%RESPONSE_CODE_DETAILS%`).
 * Wraps `proxy_send_local_response`; call it in HTTP callbacks (request or
 * response phase) or in a callout response for a paused stream, then return
 * a `Stop*` status.
 */
export function sendLocalResponse(
  statusCode: u32,
  details: string,
  body: ArrayBuffer | null,
  headers: HeaderPair[],
  grpcStatus: GrpcStatus = GrpcStatus.None,
): void {
  const detailBytes = String.UTF8.encode(details);
  const headerBytes = serializePairs(headers);
  const status = proxy_send_local_response(
    statusCode,
    changetype<usize>(detailBytes), <usize>detailBytes.byteLength,
    addressOf(body), lengthOf(body),
    changetype<usize>(headerBytes), <usize>headerBytes.byteLength,
    <i32>grpcStatus,
  );
  expectOk(status, "proxy_send_local_response");
}

/** {@link sendLocalResponse} with a UTF-8 text body. Wraps `proxy_send_local_response`. */
export function sendTextResponse(statusCode: u32, body: string, headers: HeaderPair[] = [], details: string = ""): void {
  sendLocalResponse(statusCode, details, String.UTF8.encode(body), headers, GrpcStatus.None);
}

/** Status of the last callout event, as the host reports it. */
export class HostStatus {
  constructor(public code: u32, public message: string) {}
}

/**
 * The status code and message of the current gRPC callout event (e.g. in
 * `onGrpcClose`). Wraps `proxy_get_status`; call it in gRPC callbacks.
 */
export function getStatus(): HostStatus {
  clearOut();
  expectOk(proxy_get_status(OUT_EXTRA, OUT_PTR, OUT_SIZE), "proxy_get_status");
  const code = load<u32>(OUT_EXTRA);
  return new HostStatus(code, takeString());
}
