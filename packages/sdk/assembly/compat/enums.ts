// The enumerations of @solo-io/proxy-runtime 0.1.15, under their old names
// (`...Values`) and member spellings, with the proxy-wasm spec's numbers.
// Numbers cross the ABI boundary: never renumber.

/** Log levels (`proxy_log`). */
export enum LogLevelValues {
  trace = 0,
  debug = 1,
  info = 2,
  warn = 3,
  error = 4,
  critical = 5,
}

/** What the TCP callbacks return. */
export enum FilterStatusValues {
  Continue = 0,
  StopIteration = 1,
}

/** What `onRequestHeaders` / `onResponseHeaders` return. */
export enum FilterHeadersStatusValues {
  Continue = 0,
  StopIteration = 1,
  ContinueAndEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

/** What the metadata callbacks return (Envoy never calls them on ABI 0.2.1). */
export enum FilterMetadataStatusValues {
  Continue = 0,
}

/** What the trailers callbacks return. */
export enum FilterTrailersStatusValues {
  Continue = 0,
  StopIteration = 1,
}

/** What the body callbacks return. */
export enum FilterDataStatusValues {
  Continue = 0,
  StopIterationAndBuffer = 1,
  StopIterationAndWatermark = 2,
  StopIterationNoBuffer = 3,
}

/** gRPC status codes; `InvalidCode` (-1) makes `send_local_response` a plain HTTP answer. */
export enum GrpcStatusValues {
  Ok = 0,
  Canceled = 1,
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
  MaximumValid = 16,
  InvalidCode = -1,
}

/** Metric kinds (`proxy_define_metric`). */
export enum MetricTypeValues {
  Counter = 0,
  Gauge = 1,
  Histogram = 2,
}

/** Which side closed a connection. */
export enum PeerTypeValues {
  Unknown = 0,
  Local = 1,
  Remote = 2,
}

/** Host statuses, as every hostcall returns them. */
export enum WasmResultValues {
  Ok = 0,
  NotFound = 1,
  BadArgument = 2,
  SerializationFailure = 3,
  ParseFailure = 4,
  BadExpression = 5,
  InvalidMemoryAccess = 6,
  Empty = 7,
  CasMismatch = 8,
  ResultMismatch = 9,
  InternalFailure = 10,
  BrokenConnection = 11,
  Unimplemented = 12,
}

/** Header maps (`proxy_*_header_map_*`). */
export enum HeaderMapTypeValues {
  RequestHeaders = 0,
  RequestTrailers = 1,
  ResponseHeaders = 2,
  ResponseTrailers = 3,
  GrpcReceiveInitialMetadata = 4,
  GrpcReceiveTrailingMetadata = 5,
  HttpCallResponseHeaders = 6,
  HttpCallResponseTrailers = 7,
  MAX = 7,
}

/** Buffers (`proxy_get_buffer_bytes`, `proxy_set_buffer_bytes`). */
export enum BufferTypeValues {
  HttpRequestBody = 0,
  HttpResponseBody = 1,
  NetworkDownstreamData = 2,
  NetworkUpstreamData = 3,
  HttpCallResponseBody = 4,
  GrpcReceiveBuffer = 5,
  VmConfiguration = 6,
  PluginConfiguration = 7,
  CallData = 8,
  MAX = 8,
}

/** Flags of `proxy_get_buffer_status`. */
export enum BufferFlagsValues {
  EndOfStream = 1,
}

/** Streams (`proxy_continue_stream`, `proxy_close_stream`). */
export enum StreamTypeValues {
  Request = 0,
  Response = 1,
  Downstream = 2,
  Upstream = 3,
  MAX = 3,
}
