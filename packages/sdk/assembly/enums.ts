// Enumerations of proxy-wasm ABI 0.2.1 with the spec's explicit numbers.
// Numbers cross the ABI boundary: never renumber, never rely on order.

/** `proxy_status_t`: what every host function returns. */
export enum WasmResult {
  Ok = 0,
  NotFound = 1,
  BadArgument = 2,
  SerializationFailure = 3,
  ParseFailure = 4,
  InvalidMemoryAccess = 6,
  Empty = 7,
  CasMismatch = 8,
  InternalFailure = 10,
  Unimplemented = 12,
}

/** Another name for {@link WasmResult}, as the spec calls it. */
export type Status = WasmResult;

/** `proxy_log_level_t`. */
export enum LogLevel {
  Trace = 0,
  Debug = 1,
  Info = 2,
  Warn = 3,
  Error = 4,
  Critical = 5,
}

/** `proxy_map_type_t`: which header map a header hostcall acts on. */
export enum MapType {
  HttpRequestHeaders = 0,
  HttpRequestTrailers = 1,
  HttpResponseHeaders = 2,
  HttpResponseTrailers = 3,
  GrpcReceiveInitialMetadata = 4,
  GrpcReceiveTrailingMetadata = 5,
  HttpCallResponseHeaders = 6,
  HttpCallResponseTrailers = 7,
}

/** `proxy_buffer_type_t`: which buffer a buffer hostcall acts on. */
export enum BufferType {
  HttpRequestBody = 0,
  HttpResponseBody = 1,
  DownstreamData = 2,
  UpstreamData = 3,
  HttpCallResponseBody = 4,
  GrpcReceiveBuffer = 5,
  VmConfiguration = 6,
  PluginConfiguration = 7,
  CallData = 8,
}

/** `proxy_metric_type_t`. */
export enum MetricType {
  Counter = 0,
  Gauge = 1,
  Histogram = 2,
}

/** `proxy_stream_type_t`: the direction `proxy_continue_stream` / `proxy_close_stream` act on. */
export enum StreamType {
  Request = 0,
  Response = 1,
  Downstream = 2,
  Upstream = 3,
}

/** `proxy_peer_type_t`: which side closed a TCP connection. */
export enum PeerType {
  Unknown = 0,
  Local = 1,
  Remote = 2,
}

/** What `proxy_on_request_headers` / `proxy_on_response_headers` return. */
export enum FilterHeadersStatus {
  Continue = 0,
  /** Envoy treats it as StopAllIterationAndWatermark. */
  StopIteration = 1,
  ContinueAndEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

/** What `proxy_on_request_body` / `proxy_on_response_body` return. */
export enum FilterDataStatus {
  Continue = 0,
  StopIterationAndBuffer = 1,
  StopIterationAndWatermark = 2,
  StopIterationNoBuffer = 3,
}

/** What `proxy_on_request_trailers` / `proxy_on_response_trailers` return. */
export enum FilterTrailersStatus {
  Continue = 0,
  StopIteration = 1,
}

/** What the TCP callbacks (`proxy_on_new_connection`, `proxy_on_*_data`) return. */
export enum FilterStatus {
  Continue = 0,
  StopIteration = 1,
}

/** gRPC status codes (`proxy_on_grpc_close`, `proxy_send_local_response`). */
export enum GrpcStatus {
  Ok = 0,
  Cancelled = 1,
  Unknown = 2,
  InvalidArgument = 3,
  DeadlineExceeded = 4,
  NotFound = 5,
  AlreadyExists = 6,
  PermissionDenied = 7,
  ResourceExhausted = 8,
  FailedPrecondition = 9,
  Aborted = 10,
  OutOfRange = 11,
  Unimplemented = 12,
  Internal = 13,
  Unavailable = 14,
  DataLoss = 15,
  Unauthenticated = 16,
  /** Not a gRPC status: tells `proxy_send_local_response` to send a plain HTTP response. */
  None = -1,
}

/** The spec's name of a status, for error messages. */
export function wasmResultName(result: u32): string {
  switch (result) {
    case WasmResult.Ok: return "OK";
    case WasmResult.NotFound: return "NOT_FOUND";
    case WasmResult.BadArgument: return "BAD_ARGUMENT";
    case WasmResult.SerializationFailure: return "SERIALIZATION_FAILURE";
    case WasmResult.ParseFailure: return "PARSE_FAILURE";
    case WasmResult.InvalidMemoryAccess: return "INVALID_MEMORY_ACCESS";
    case WasmResult.Empty: return "EMPTY";
    case WasmResult.CasMismatch: return "CAS_MISMATCH";
    case WasmResult.InternalFailure: return "INTERNAL_FAILURE";
    case WasmResult.Unimplemented: return "UNIMPLEMENTED";
    default: return "UNKNOWN_STATUS";
  }
}
