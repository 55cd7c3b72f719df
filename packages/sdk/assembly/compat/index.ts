// The public API of @solo-io/proxy-runtime 0.1.15 on top of @envoyscript/sdk.
// A filter written for it compiles after changing its imports:
//
//   "@solo-io/proxy-runtime"        -> "@envoyscript/sdk/assembly/compat"
//   "@solo-io/proxy-runtime/proxy"  -> "@envoyscript/sdk/assembly/compat/proxy"
//
// Explicit re-exports only. See README.md in this folder for what differs.

// Package root of 0.1.15.
export { BaseContext, Context } from "./context";
export { RootContext } from "./root-context";
export { registerRootContext, RootContextFactory } from "./registry";
export {
  BufferTypeValues,
  LogLevelValues,
  WasmResultValues,
  GrpcStatusValues,
  FilterStatusValues,
  FilterHeadersStatusValues,
  FilterMetadataStatusValues,
  FilterTrailersStatusValues,
  FilterDataStatusValues,
  MetricTypeValues,
  PeerTypeValues,
  HeaderMapTypeValues,
  BufferFlagsValues,
  StreamTypeValues,
} from "./enums";
export { stream_context, StreamContext, HeaderMapManipulator, HeaderStreamManipulator } from "./header-maps";
export { HeaderPair, Headers, makeHeaderPair } from "./header-pair";
export { Metric, Gauge, Histogram, Counter } from "./metrics";
export { log, logLevel } from "./logging";
export { HttpCallback, HttpCallbackFunction } from "./http-callback";
export { send_local_response, continue_request, continue_response, clear_route_cache, get_status, StatusWithData } from "./stream";
export { proxy_set_effective_context, set_tick_period_milliseconds, get_current_time_nanoseconds, done, done as proxy_done, call_foreign_function } from "./host";
export { set_property, get_property } from "./properties";
export {
  get_shared_data,
  set_shared_data,
  register_shared_queue,
  resolve_shared_queue,
  enqueue_shared_queue,
  dequeue_shared_queue,
  GetSharedData,
  TokenSharedQueueResult,
  DequeueSharedQueueResult,
} from "./shared";
export { get_buffer_bytes, set_buffer_bytes, get_buffer_status, BufferStatusResult, get_configuration, get_vm_configuration } from "./buffers";

// Free functions 0.1.15 kept in assembly/runtime.ts.
export {
  add_header_map_value,
  add_header_map_value_string,
  get_header_map_value,
  get_header_map_pairs,
  set_header_map_pairs,
  replace_header_map_value,
  replace_header_map_value_string,
  remove_header_map_value,
  remove_header_map_value_string,
  get_header_map_size,
} from "./header-maps";
export { define_metric, increment_metric, record_metric, get_metric, MetricResult, MetricData } from "./metrics";

// 0.1.15's package root also re-exported its ABI callbacks; they are the SDK's.
export {
  malloc,
  proxy_on_memory_allocate,
  proxy_abi_version_0_2_1,
  proxy_on_context_create,
  proxy_on_vm_start,
  proxy_on_configure,
  proxy_on_done,
  proxy_on_log,
  proxy_on_delete,
  proxy_on_request_headers,
  proxy_on_request_body,
  proxy_on_request_trailers,
  proxy_on_response_headers,
  proxy_on_response_body,
  proxy_on_response_trailers,
  proxy_on_new_connection,
  proxy_on_downstream_data,
  proxy_on_upstream_data,
  proxy_on_downstream_connection_close,
  proxy_on_upstream_connection_close,
  proxy_on_tick,
  proxy_on_queue_ready,
  proxy_on_foreign_function,
  proxy_on_http_call_response,
  proxy_on_grpc_receive_initial_metadata,
  proxy_on_grpc_receive,
  proxy_on_grpc_receive_trailing_metadata,
  proxy_on_grpc_close,
} from "../proxy";
