// gRPC callouts: unary calls (`proxy_grpc_call`) and streams
// (`proxy_grpc_stream`, `proxy_grpc_send`, `proxy_grpc_close`,
// `proxy_grpc_cancel`), answered by `proxy_on_grpc_receive_initial_metadata`,
// `proxy_on_grpc_receive`, `proxy_on_grpc_receive_trailing_metadata` and
// `proxy_on_grpc_close`. A unary call ends with one receive (success) or one
// close (failure); a stream ends with a close.
//
// `cluster` is the Envoy cluster name of the gRPC upstream (Envoy also accepts
// a serialized envoy.config.core.v3.GrpcService in its place).

import {
  proxy_grpc_call,
  proxy_grpc_cancel,
  proxy_grpc_close,
  proxy_grpc_send,
  proxy_grpc_stream,
} from "./imports";
import { GrpcStatus, WasmResult } from "./enums";
import { OUT_EXTRA } from "./memory";
import { expectOk } from "./status";
import { HeaderPair, serializePairs } from "./header-pairs";
import { PendingCallouts, restoreOrigin } from "./dispatch/pending";

/**
 * Receives the events of a gRPC call or stream. Extend it and override what
 * you need; each method runs with the calling context effective again.
 */
export class GrpcHandler {
  /** Initial metadata arrived; read it with `grpcReceiveInitialMetadata` (`proxy_on_grpc_receive_initial_metadata`). */
  onGrpcReceiveInitialMetadata(token: u32, headerCount: u32): void {}
  /** A response message arrived (`proxy_on_grpc_receive`). */
  onGrpcReceive(token: u32, message: ArrayBuffer): void {}
  /** Trailing metadata arrived; read it with `grpcReceiveTrailingMetadata` (`proxy_on_grpc_receive_trailing_metadata`). */
  onGrpcReceiveTrailingMetadata(token: u32, trailerCount: u32): void {}
  /** The call or stream ended with `status` and the host's `message` (`proxy_on_grpc_close`). */
  onGrpcClose(token: u32, status: GrpcStatus, message: string): void {}
}

/** Whether a token belongs to a unary call (finished by its first receive) or a stream. */
export class GrpcPending {
  constructor(public handler: GrpcHandler, public isStream: bool) {}
}

const pendingGrpc = new PendingCallouts<GrpcPending>();

/** Number of gRPC calls and streams still open. */
export function pendingGrpcCount(): i32 {
  return pendingGrpc.size;
}

/**
 * Starts a unary gRPC call of `serviceName`/`methodName` with a serialized
 * request `message`. Returns the call token, or 0 when the host refused it
 * (BAD_ARGUMENT: unknown cluster; PARSE_FAILURE; INTERNAL_FAILURE). Wraps
 * `proxy_grpc_call`; callable from root and stream callbacks.
 */
export function grpcCall(
  cluster: string,
  serviceName: string,
  methodName: string,
  initialMetadata: HeaderPair[],
  message: ArrayBuffer,
  timeoutMilliseconds: u32,
  handler: GrpcHandler,
): u32 {
  const clusterBytes = String.UTF8.encode(cluster);
  const serviceBytes = String.UTF8.encode(serviceName);
  const methodBytes = String.UTF8.encode(methodName);
  const metadataBytes = serializePairs(initialMetadata);
  store<u32>(OUT_EXTRA, 0);
  const status = proxy_grpc_call(
    changetype<usize>(clusterBytes), <usize>clusterBytes.byteLength,
    changetype<usize>(serviceBytes), <usize>serviceBytes.byteLength,
    changetype<usize>(methodBytes), <usize>methodBytes.byteLength,
    changetype<usize>(metadataBytes), <usize>metadataBytes.byteLength,
    changetype<usize>(message), <usize>message.byteLength,
    timeoutMilliseconds,
    OUT_EXTRA,
  );
  return registerIfStarted(status, "proxy_grpc_call", handler, false);
}

/**
 * Opens a gRPC stream of `serviceName`/`methodName`. Returns the stream
 * token, or 0 when the host refused it. Wraps `proxy_grpc_stream`; callable
 * from root and stream callbacks. Send with `grpcSend`.
 */
export function grpcStream(
  cluster: string,
  serviceName: string,
  methodName: string,
  initialMetadata: HeaderPair[],
  handler: GrpcHandler,
): u32 {
  const clusterBytes = String.UTF8.encode(cluster);
  const serviceBytes = String.UTF8.encode(serviceName);
  const methodBytes = String.UTF8.encode(methodName);
  const metadataBytes = serializePairs(initialMetadata);
  store<u32>(OUT_EXTRA, 0);
  const status = proxy_grpc_stream(
    changetype<usize>(clusterBytes), <usize>clusterBytes.byteLength,
    changetype<usize>(serviceBytes), <usize>serviceBytes.byteLength,
    changetype<usize>(methodBytes), <usize>methodBytes.byteLength,
    changetype<usize>(metadataBytes), <usize>metadataBytes.byteLength,
    OUT_EXTRA,
  );
  return registerIfStarted(status, "proxy_grpc_stream", handler, true);
}

function registerIfStarted(status: u32, hostcall: string, handler: GrpcHandler, isStream: bool): u32 {
  if (status == WasmResult.BadArgument || status == WasmResult.ParseFailure || status == WasmResult.InternalFailure) return 0;
  expectOk(status, hostcall);
  const token = load<u32>(OUT_EXTRA);
  pendingGrpc.add(token, new GrpcPending(handler, isStream));
  return token;
}

/**
 * Sends `message` on stream `token`; `endOfStream` half-closes it. Returns
 * false when the stream is gone (NOT_FOUND). Wraps `proxy_grpc_send`.
 */
export function grpcSend(token: u32, message: ArrayBuffer, endOfStream: bool = false): bool {
  const status = proxy_grpc_send(token, changetype<usize>(message), <usize>message.byteLength, endOfStream ? 1 : 0);
  return streamStillThere(status, "proxy_grpc_send");
}

/**
 * Closes stream (or call) `token` gracefully. Returns false when it is gone
 * (NOT_FOUND). Wraps `proxy_grpc_close`.
 */
export function grpcClose(token: u32): bool {
  const status = proxy_grpc_close(token);
  pendingGrpc.remove(token);
  return streamStillThere(status, "proxy_grpc_close");
}

/**
 * Cancels call (or stream) `token`; no further events arrive. Returns false
 * when it is gone (NOT_FOUND). Wraps `proxy_grpc_cancel`.
 */
export function grpcCancel(token: u32): bool {
  const status = proxy_grpc_cancel(token);
  pendingGrpc.remove(token);
  return streamStillThere(status, "proxy_grpc_cancel");
}

/** Which gRPC event the host is delivering: it decides whether the token is finished. */
export enum GrpcEvent {
  InitialMetadata = 0,
  Message = 1,
  TrailingMetadata = 2,
  Close = 3,
}

/**
 * The handler for `token` with its origin made effective, or null (unknown
 * token, or origin gone). Forgets the token when this event ends it: a close,
 * or the message of a unary call.
 */
export function grpcHandlerFor(rootContextId: u32, token: u32, event: GrpcEvent): GrpcPending | null {
  const pending = pendingGrpc.find(token);
  if (pending === null) return null;
  const entry = pending.handler;
  if (event == GrpcEvent.Close || (event == GrpcEvent.Message && !entry.isStream)) pendingGrpc.remove(token);
  if (!restoreOrigin(pending.originContextId, rootContextId, "gRPC")) return null;
  return entry;
}

/** NOT_FOUND / BAD_ARGUMENT mean the call or stream is gone (false); any other failure is loud. */
function streamStillThere(status: WasmResult, hostcall: string): bool {
  if (status == WasmResult.NotFound || status == WasmResult.BadArgument) return false;
  expectOk(status, hostcall);
  return true;
}
