// The ABI entry of a filter module: every `proxy_on_*` callback, the
// allocator and the ABI version marker. A filter's entry file re-exports it:
//
//   export * from "@envoyscript/sdk/assembly/proxy";
//
// It also pulls in the runtime hooks the build preset routes `abort`, `trace`
// and `Math.random`'s seed to, so `--use` finds them.

import "./runtime/abort";
import "./runtime/random";

export { malloc, malloc as proxy_on_memory_allocate } from "./memory";
export {
  proxy_on_context_create,
  proxy_on_vm_start,
  proxy_on_configure,
  proxy_on_done,
  proxy_on_log,
  proxy_on_delete,
} from "./dispatcher";
export {
  proxy_on_request_headers,
  proxy_on_request_body,
  proxy_on_request_trailers,
  proxy_on_response_headers,
  proxy_on_response_body,
  proxy_on_response_trailers,
} from "./dispatch/http";
export {
  proxy_on_new_connection,
  proxy_on_downstream_data,
  proxy_on_upstream_data,
  proxy_on_downstream_connection_close,
  proxy_on_upstream_connection_close,
} from "./dispatch/tcp";
export {
  proxy_on_tick,
  proxy_on_queue_ready,
  proxy_on_foreign_function,
  proxy_on_http_call_response,
  proxy_on_grpc_receive_initial_metadata,
  proxy_on_grpc_receive,
  proxy_on_grpc_receive_trailing_metadata,
  proxy_on_grpc_close,
} from "./dispatch/async";

/** Marker the host looks for to recognise proxy-wasm ABI 0.2.1; never called. */
export function proxy_abi_version_0_2_1(): void {}
