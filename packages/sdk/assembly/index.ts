// The public API of @envoyscript/sdk for filter authors. Explicit re-exports
// only. The ABI exports (`proxy_on_*`, `malloc`, the version marker) live in
// ./proxy, which the filter's entry file re-exports with `export *`.

export {
  WasmResult,
  LogLevel,
  MapType,
  BufferType,
  MetricType,
  StreamType,
  PeerType,
  FilterHeadersStatus,
  FilterDataStatus,
  FilterTrailersStatus,
  FilterStatus,
  GrpcStatus,
  wasmResultName,
} from "./enums";

export { Context } from "./contexts/context";
export { RootContext } from "./contexts/root-context";
export { HttpContext } from "./contexts/http-context";
export { TcpContext } from "./contexts/tcp-context";
export { FilterRoot } from "./contexts/filter-root";
export { FilterRequest } from "./contexts/filter-request";
export { FilterConnection } from "./contexts/filter-connection";
export { registerRootContext, RootContextFactory, liveStreamContextCount } from "./dispatch/registry";

export { log, hostLogLevel, logAt, writeLog } from "./logging";

export { HeaderPair, HeaderPairBytes, serializePairs, deserializePairs, deserializePairsFrom } from "./header-pairs";
export {
  HeaderMap,
  requestHeaders,
  requestTrailers,
  responseHeaders,
  responseTrailers,
  httpCallResponseHeaders,
  httpCallResponseTrailers,
  grpcReceiveInitialMetadata,
  grpcReceiveTrailingMetadata,
} from "./headers";

export {
  getBufferSize,
  getBufferBytes,
  getBufferString,
  setBufferBytes,
  replaceBuffer,
  replaceBufferString,
  appendBuffer,
  prependBuffer,
  getRequestBody,
  getResponseBody,
  setRequestBody,
  setResponseBody,
} from "./buffers";

export { getPluginConfiguration, getPluginConfigurationString, getVmConfiguration, getVmConfigurationString } from "./configuration";

export {
  continueStream,
  continueRequest,
  continueResponse,
  closeStream,
  sendLocalResponse,
  sendTextResponse,
  getStatus,
  HostStatus,
} from "./stream";

export { done, setEffectiveContext } from "./lifecycle";

export { httpCall, httpCallFromRoot, HttpCallHandler, HttpCallResponse, pendingHttpCallCount } from "./http-call";
export { grpcCall, grpcStream, grpcSend, grpcClose, grpcCancel, GrpcHandler, pendingGrpcCount } from "./grpc";

export { getSharedData, setSharedData, setSharedDataString, incrementSharedCounter, SharedCounterUpdate, SharedData } from "./shared-data";
export { registerSharedQueue, resolveSharedQueue, SharedQueue } from "./shared-queue";

export { Metric, Counter, Gauge, Histogram } from "./metrics";

export {
  getProperty,
  getPropertyString,
  getPropertyInt,
  getPropertyBool,
  getPropertyMap,
  setProperty,
  setPropertyString,
  encodePropertyPath,
} from "./properties";
export { request, response, source, destination, connection, node, plugin, metadata, route } from "./attributes";

export { setTickPeriodMilliseconds, currentTimeNanoseconds, currentTimeMilliseconds, monotonicTimeNanoseconds } from "./timers";
export { randomBytes, randomU64, randomHex } from "./randomness";

export { callForeignFunction, getForeignFunctionArguments, ForeignCallResult } from "./ffi";

export { JsonValue, JsonKind, quoteJson, formatNumber } from "./json/value";
export { findInvalidUtf8 } from "./json/utf8";
export { parseJson, parseJsonBytes, JsonParseResult, JSON_MAX_DEPTH, JSON_MAX_BYTES } from "./json/parser";
export { JsonConfig, JsonField } from "./config/reader";
export { ConfigError, ConfigErrorCode } from "./config/error";
export { parseDuration, DurationResult } from "./config/duration";
export { decodeStruct, decodeStructRange } from "./json/struct-proto";
export { decodeNodeMetadata, decodeFilterMetadata } from "./json/envoy-proto";
