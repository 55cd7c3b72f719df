// The `proxy_on_*` callbacks that answer something the plugin started:
// timers, queues, foreign functions, HTTP and gRPC callouts. The host calls
// them on the root context; callouts are routed to their handler objects.

import { BufferType, GrpcStatus } from "../enums";
import { enterCallback, leaveCallback } from "./callback-scope";
import { findRoot } from "./registry";
import { deliverHttpCallResponse } from "../http-call";
import { GrpcEvent, grpcHandlerFor } from "../grpc";
import { getBufferBytes } from "../buffers";
import { getStatus } from "../stream";

/** Host callback: the tick period set with `proxy_set_tick_period_milliseconds` elapsed. */
export function proxy_on_tick(rootContextId: u32): void {
  enterCallback(rootContextId);
  const root = findRoot(rootContextId);
  if (root !== null) root.onTick();
  leaveCallback();
}

/** Host callback: a queue registered by this root has data. */
export function proxy_on_queue_ready(rootContextId: u32, queueId: u32): void {
  enterCallback(rootContextId);
  const root = findRoot(rootContextId);
  if (root !== null) root.onQueueReady(queueId);
  leaveCallback();
}

/** Host callback: the host calls a function of the plugin; arguments are in the CallData buffer. */
export function proxy_on_foreign_function(rootContextId: u32, functionId: u32, argumentsSize: u32): void {
  enterCallback(rootContextId);
  const root = findRoot(rootContextId);
  if (root !== null) root.onForeignFunction(functionId, argumentsSize);
  leaveCallback();
}

/** Host callback: an HTTP callout answered (no headers when it failed). */
export function proxy_on_http_call_response(rootContextId: u32, token: u32, headerCount: u32, bodySize: u32, trailerCount: u32): void {
  enterCallback(rootContextId);
  deliverHttpCallResponse(rootContextId, token, headerCount, bodySize, trailerCount);
  leaveCallback();
}

/** Host callback: initial metadata of a gRPC call or stream. */
export function proxy_on_grpc_receive_initial_metadata(rootContextId: u32, token: u32, headerCount: u32): void {
  enterCallback(rootContextId);
  const pending = grpcHandlerFor(rootContextId, token, GrpcEvent.InitialMetadata);
  if (pending !== null) pending.handler.onGrpcReceiveInitialMetadata(token, headerCount);
  leaveCallback();
}

/** Host callback: a gRPC message; for a unary call it is the final event. */
export function proxy_on_grpc_receive(rootContextId: u32, token: u32, messageSize: u32): void {
  enterCallback(rootContextId);
  const pending = grpcHandlerFor(rootContextId, token, GrpcEvent.Message);
  if (pending !== null) {
    const message = messageSize == 0 ? new ArrayBuffer(0) : getBufferBytes(BufferType.GrpcReceiveBuffer, 0, messageSize);
    pending.handler.onGrpcReceive(token, message === null ? new ArrayBuffer(0) : message);
  }
  leaveCallback();
}

/** Host callback: trailing metadata of a gRPC stream. */
export function proxy_on_grpc_receive_trailing_metadata(rootContextId: u32, token: u32, trailerCount: u32): void {
  enterCallback(rootContextId);
  const pending = grpcHandlerFor(rootContextId, token, GrpcEvent.TrailingMetadata);
  if (pending !== null) pending.handler.onGrpcReceiveTrailingMetadata(token, trailerCount);
  leaveCallback();
}

/** Host callback: a gRPC call failed or a stream ended, with its status code. */
export function proxy_on_grpc_close(rootContextId: u32, token: u32, statusCode: u32): void {
  enterCallback(rootContextId);
  const pending = grpcHandlerFor(rootContextId, token, GrpcEvent.Close);
  if (pending !== null) {
    const message = getStatus().message;
    pending.handler.onGrpcClose(token, <GrpcStatus>statusCode, message);
  }
  leaveCallback();
}
