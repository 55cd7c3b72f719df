// The raw host functions of proxy-wasm ABI 0.2.1, exactly as the spec names
// them and as Envoy (proxy-wasm-cpp-host) declares them. Every parameter is a
// 32-bit word except the metric values and the WASI clock precision (64-bit).
// Filters never call these directly: each area file wraps the calls it owns,
// maps the statuses it expects and fails loudly on the rest.
//
// Only functions Envoy provides may be imported here: one unknown import and
// Envoy refuses the whole module ("missing import: env.xyz").

// ---- Lifecycle -------------------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_done")
export declare function proxy_done(): u32;

// @ts-ignore: decorator
@external("env", "proxy_set_effective_context")
export declare function proxy_set_effective_context(contextId: u32): u32;

// ---- Logging, time, timers -------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_log")
export declare function proxy_log(level: u32, messagePtr: usize, messageSize: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_get_log_level")
export declare function proxy_get_log_level(returnLevelPtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_get_current_time_nanoseconds")
export declare function proxy_get_current_time_nanoseconds(returnTimePtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_set_tick_period_milliseconds")
export declare function proxy_set_tick_period_milliseconds(periodMilliseconds: u32): u32;

// ---- Buffers ---------------------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_get_buffer_bytes")
export declare function proxy_get_buffer_bytes(bufferType: u32, start: u32, maxSize: u32, returnDataPtrPtr: usize, returnSizePtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_set_buffer_bytes")
export declare function proxy_set_buffer_bytes(bufferType: u32, start: u32, size: u32, dataPtr: usize, dataSize: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_get_buffer_status")
export declare function proxy_get_buffer_status(bufferType: u32, returnSizePtr: usize, returnFlagsPtr: usize): u32;

// ---- Header maps -----------------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_get_header_map_size")
export declare function proxy_get_header_map_size(mapType: u32, returnSizePtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_get_header_map_pairs")
export declare function proxy_get_header_map_pairs(mapType: u32, returnDataPtrPtr: usize, returnSizePtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_set_header_map_pairs")
export declare function proxy_set_header_map_pairs(mapType: u32, dataPtr: usize, dataSize: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_get_header_map_value")
export declare function proxy_get_header_map_value(mapType: u32, keyPtr: usize, keySize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_add_header_map_value")
export declare function proxy_add_header_map_value(mapType: u32, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_replace_header_map_value")
export declare function proxy_replace_header_map_value(mapType: u32, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_remove_header_map_value")
export declare function proxy_remove_header_map_value(mapType: u32, keyPtr: usize, keySize: usize): u32;

// ---- Stream control --------------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_continue_stream")
export declare function proxy_continue_stream(streamType: u32): u32;

// @ts-ignore: decorator
@external("env", "proxy_close_stream")
export declare function proxy_close_stream(streamType: u32): u32;

// @ts-ignore: decorator
@external("env", "proxy_get_status")
export declare function proxy_get_status(returnCodePtr: usize, returnMessagePtrPtr: usize, returnMessageSizePtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_send_local_response")
export declare function proxy_send_local_response(
  statusCode: u32,
  detailsPtr: usize, detailsSize: usize,
  bodyPtr: usize, bodySize: usize,
  headersPtr: usize, headersSize: usize,
  grpcStatus: i32,
): u32;

// ---- HTTP callouts ---------------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_http_call")
export declare function proxy_http_call(
  upstreamPtr: usize, upstreamSize: usize,
  headersPtr: usize, headersSize: usize,
  bodyPtr: usize, bodySize: usize,
  trailersPtr: usize, trailersSize: usize,
  timeoutMilliseconds: u32,
  returnCalloutIdPtr: usize,
): u32;

// ---- gRPC callouts ---------------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_grpc_call")
export declare function proxy_grpc_call(
  upstreamPtr: usize, upstreamSize: usize,
  serviceNamePtr: usize, serviceNameSize: usize,
  methodNamePtr: usize, methodNameSize: usize,
  initialMetadataPtr: usize, initialMetadataSize: usize,
  messagePtr: usize, messageSize: usize,
  timeoutMilliseconds: u32,
  returnCalloutIdPtr: usize,
): u32;

// @ts-ignore: decorator
@external("env", "proxy_grpc_stream")
export declare function proxy_grpc_stream(
  upstreamPtr: usize, upstreamSize: usize,
  serviceNamePtr: usize, serviceNameSize: usize,
  methodNamePtr: usize, methodNameSize: usize,
  initialMetadataPtr: usize, initialMetadataSize: usize,
  returnStreamIdPtr: usize,
): u32;

// @ts-ignore: decorator
@external("env", "proxy_grpc_send")
export declare function proxy_grpc_send(streamId: u32, messagePtr: usize, messageSize: usize, endOfStream: u32): u32;

// @ts-ignore: decorator
@external("env", "proxy_grpc_cancel")
export declare function proxy_grpc_cancel(calloutId: u32): u32;

// @ts-ignore: decorator
@external("env", "proxy_grpc_close")
export declare function proxy_grpc_close(calloutId: u32): u32;

// ---- Shared data and queues ------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_get_shared_data")
export declare function proxy_get_shared_data(keyPtr: usize, keySize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize, returnCasPtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_set_shared_data")
export declare function proxy_set_shared_data(keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize, cas: u32): u32;

// @ts-ignore: decorator
@external("env", "proxy_register_shared_queue")
export declare function proxy_register_shared_queue(namePtr: usize, nameSize: usize, returnQueueIdPtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_resolve_shared_queue")
export declare function proxy_resolve_shared_queue(vmIdPtr: usize, vmIdSize: usize, namePtr: usize, nameSize: usize, returnQueueIdPtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_enqueue_shared_queue")
export declare function proxy_enqueue_shared_queue(queueId: u32, valuePtr: usize, valueSize: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_dequeue_shared_queue")
export declare function proxy_dequeue_shared_queue(queueId: u32, returnValuePtrPtr: usize, returnValueSizePtr: usize): u32;

// ---- Metrics ---------------------------------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_define_metric")
export declare function proxy_define_metric(metricType: u32, namePtr: usize, nameSize: usize, returnMetricIdPtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_increment_metric")
export declare function proxy_increment_metric(metricId: u32, offset: i64): u32;

// @ts-ignore: decorator
@external("env", "proxy_record_metric")
export declare function proxy_record_metric(metricId: u32, value: u64): u32;

// @ts-ignore: decorator
@external("env", "proxy_get_metric")
export declare function proxy_get_metric(metricId: u32, returnValuePtr: usize): u32;

// ---- Properties and foreign functions --------------------------------------

// @ts-ignore: decorator
@external("env", "proxy_get_property")
export declare function proxy_get_property(pathPtr: usize, pathSize: usize, returnValuePtrPtr: usize, returnValueSizePtr: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_set_property")
export declare function proxy_set_property(pathPtr: usize, pathSize: usize, valuePtr: usize, valueSize: usize): u32;

// @ts-ignore: decorator
@external("env", "proxy_call_foreign_function")
export declare function proxy_call_foreign_function(namePtr: usize, nameSize: usize, argumentsPtr: usize, argumentsSize: usize, returnResultsPtrPtr: usize, returnResultsSizePtr: usize): u32;

// ---- WASI functions Envoy provides ---------------------------------------

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "random_get")
export declare function wasi_random_get(bufferPtr: usize, bufferSize: usize): u16;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "clock_time_get")
export declare function wasi_clock_time_get(clockId: u32, precision: u64, returnTimePtr: usize): u16;
