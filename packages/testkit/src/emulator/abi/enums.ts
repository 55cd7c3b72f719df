/**
 * The proxy-wasm ABI's enumerations, with the spec's explicit numbers
 * (proxy-wasm spec `abi-versions/v0.2.1`, as proxy-wasm-cpp-host implements it).
 */

/** Status a hostcall returns to the module (`WasmResult` in the host). */
export const Status = {
  OK: 0,
  NOT_FOUND: 1,
  BAD_ARGUMENT: 2,
  SERIALIZATION_FAILURE: 3,
  PARSE_FAILURE: 4,
  INVALID_MEMORY_ACCESS: 6,
  EMPTY: 7,
  CAS_MISMATCH: 8,
  INTERNAL_FAILURE: 10,
  BROKEN_CONNECTION: 11,
  UNIMPLEMENTED: 12,
} as const;
export type Status = (typeof Status)[keyof typeof Status];

export const LogLevel = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, CRITICAL: 5 } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];
export type LogLevelName = "trace" | "debug" | "info" | "warn" | "error" | "critical";
export const LOG_LEVEL_NAMES: readonly LogLevelName[] = ["trace", "debug", "info", "warn", "error", "critical"];

export const MapType = {
  REQUEST_HEADERS: 0,
  REQUEST_TRAILERS: 1,
  RESPONSE_HEADERS: 2,
  RESPONSE_TRAILERS: 3,
  GRPC_RECEIVE_INITIAL_METADATA: 4,
  GRPC_RECEIVE_TRAILING_METADATA: 5,
  HTTP_CALL_RESPONSE_HEADERS: 6,
  HTTP_CALL_RESPONSE_TRAILERS: 7,
} as const;
export const MAP_TYPE_MAX = 7;

export const BufferType = {
  REQUEST_BODY: 0,
  RESPONSE_BODY: 1,
  DOWNSTREAM_DATA: 2,
  UPSTREAM_DATA: 3,
  HTTP_CALL_RESPONSE_BODY: 4,
  GRPC_RECEIVE_BUFFER: 5,
  VM_CONFIGURATION: 6,
  PLUGIN_CONFIGURATION: 7,
  CALL_DATA: 8,
} as const;
export const BUFFER_TYPE_MAX = 8;

export const MetricType = { COUNTER: 0, GAUGE: 1, HISTOGRAM: 2 } as const;
export type MetricType = (typeof MetricType)[keyof typeof MetricType];

export const StreamType = { REQUEST: 0, RESPONSE: 1, DOWNSTREAM: 2, UPSTREAM: 3 } as const;
export type StreamType = (typeof StreamType)[keyof typeof StreamType];

export const PeerType = { UNKNOWN: 0, LOCAL: 1, REMOTE: 2 } as const;
export type PeerType = (typeof PeerType)[keyof typeof PeerType];

/** What a header callback returns; StopIteration (1) is treated as StopAllIterationAndWatermark. */
export const HeadersStatus = {
  CONTINUE: 0,
  STOP_ITERATION: 1,
  CONTINUE_AND_END_STREAM: 2,
  STOP_ALL_ITERATION_AND_BUFFER: 3,
  STOP_ALL_ITERATION_AND_WATERMARK: 4,
} as const;

/** What a body callback returns. */
export const DataStatus = {
  CONTINUE: 0,
  STOP_ITERATION_AND_BUFFER: 1,
  STOP_ITERATION_AND_WATERMARK: 2,
  STOP_ITERATION_NO_BUFFER: 3,
} as const;

export const TrailersStatus = { CONTINUE: 0, STOP_ITERATION: 1 } as const;

/** What a TCP callback returns. */
export const NetworkStatus = { CONTINUE: 0, STOP_ITERATION: 1 } as const;

/** ABI versions a module declares with a marker export. */
export type AbiVersion = "0.1.0" | "0.2.0" | "0.2.1";
export const ABI_MARKERS: ReadonlyArray<readonly [string, AbiVersion]> = [
  ["proxy_abi_version_0_2_1", "0.2.1"],
  ["proxy_abi_version_0_2_0", "0.2.0"],
  ["proxy_abi_version_0_1_0", "0.1.0"],
];

/** gRPC status codes the host uses on its own (Envoy's `Grpc::Status::WellKnownGrpcStatus`). */
export const GrpcStatus = { OK: 0, CANCELED: 1, UNKNOWN: 2, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, INTERNAL: 13, UNAVAILABLE: 14, MAXIMUM_KNOWN: 16 } as const;
