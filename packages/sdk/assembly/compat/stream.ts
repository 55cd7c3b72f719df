// Stream control the 0.1.15 way: each function returns the host's status
// (WasmResultValues) instead of trapping, as 0.1.15 did.

import { proxy_continue_stream, proxy_send_local_response } from "../imports";
import { getStatus } from "../stream";
import { WasmResultValues, GrpcStatusValues, StreamTypeValues } from "./enums";
import { Headers, toPairBytes } from "./header-pair";
import { serializePairsBytes } from "../header-pairs";

/** Resumes the paused request. Wraps `proxy_continue_stream(REQUEST)`. */
export function continue_request(): WasmResultValues {
  return <WasmResultValues>proxy_continue_stream(<u32>StreamTypeValues.Request);
}

/** Resumes the paused response. Wraps `proxy_continue_stream(RESPONSE)`. */
export function continue_response(): WasmResultValues {
  return <WasmResultValues>proxy_continue_stream(<u32>StreamTypeValues.Response);
}

/**
 * Answers the request locally. `grpc_status` `GrpcStatusValues.InvalidCode`
 * (-1) sends a plain HTTP answer; another code only matters when the request
 * is gRPC (Envoy ignores it otherwise). Wraps `proxy_send_local_response`;
 * HTTP callbacks and callout callbacks of a paused stream.
 */
export function send_local_response(
  response_code: u32,
  response_code_details: string,
  body: ArrayBuffer,
  additional_headers: Headers,
  grpc_status: GrpcStatusValues,
): WasmResultValues {
  const details = String.UTF8.encode(response_code_details);
  const headers = serializePairsBytes(toPairBytes(additional_headers));
  return <WasmResultValues>proxy_send_local_response(
    response_code,
    changetype<usize>(details), <usize>details.byteLength,
    changetype<usize>(body), <usize>body.byteLength,
    changetype<usize>(headers), <usize>headers.byteLength,
    <i32>grpc_status,
  );
}

/**
 * Kept for source compatibility; does nothing and returns Ok. 0.1.15 imported
 * `proxy_clear_route_cache`, which only ABI 0.1.0 has (Envoy refuses the
 * module); on ABI 0.2.1 Envoy clears the route cache itself whenever a filter
 * changes request headers.
 */
export function clear_route_cache(): WasmResultValues {
  return WasmResultValues.Ok;
}

/** A status code with its message bytes. */
export class StatusWithData {
  status: u32 = 0;
  data: ArrayBuffer = new ArrayBuffer(0);
}

/** Status of the current gRPC callout event. Wraps `proxy_get_status`; traps on failure. */
export function get_status(): StatusWithData {
  const status = getStatus();
  const result = new StatusWithData();
  result.status = status.code;
  result.data = String.UTF8.encode(status.message);
  return result;
}
