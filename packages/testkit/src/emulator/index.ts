/**
 * The in-process proxy-wasm host emulator: loads any proxy-wasm module
 * (ABI 0.2.1, 0.2.0, 0.1.0) on Node's WebAssembly and drives it with
 * Envoy's semantics.
 */
export {
  BufferType,
  DataStatus,
  GrpcStatus,
  HeadersStatus,
  LogLevel,
  MapType,
  MetricType,
  NetworkStatus,
  PeerType,
  Status,
  StreamType,
  TrailersStatus,
  type AbiVersion,
  type LogLevelName,
} from "./abi.ts";
export { type ClockOptions, type TimerHandle, VirtualClock } from "./clock.ts";
export {
  ConfigureRejectedError,
  DuplicateRootIdError,
  EmulatorError,
  type EmulatorErrorCode,
  ImportTypeMismatchError,
  InvalidWasmError,
  MissingImportError,
  NoAbiVersionError,
  NoAllocatorError,
  StreamStalledError,
  StreamStateError,
  VmFailedError,
  VmStartRejectedError,
} from "./errors.ts";
export { type ExchangeOptions, FilterChain } from "./exchange.ts";
export type { GrpcCallInfo, GrpcHandler, GrpcReply, GrpcStreamPeer, GrpcUnaryCall } from "./grpc-callouts.ts";
export { type HeaderInput, HeaderMap } from "./header-map.ts";
export { type ForeignFunction, Host, type HostOptions, type LoadPluginOptions } from "./host.ts";
export type { CalloutHandler, CalloutRequest, CalloutResponse, CalloutTarget } from "./http-callouts.ts";
export { type ExchangeResult, type HttpRequestInput, HttpStream, type StreamOptions } from "./http-stream.ts";
export type { LogEntry, LogSink } from "./log-sink.ts";
export type { Metric, MetricStore, MetricTypeName } from "./metric-store.ts";
export { marshalPairs, type PairList, unmarshalBytePairs, unmarshalPairs } from "./pairs.ts";
export { type FailurePolicy, Plugin, type PluginOptions } from "./plugin.ts";
export type { NodeInfo } from "./properties.ts";
export { property, type PropertyNode, TypedProperty } from "./property-values.ts";
export { TcpConnection, type TcpConnectionOptions } from "./tcp-stream.ts";
export {
  type BodyInput,
  echoUpstream,
  type RouteTable,
  type UpstreamHandler,
  type UpstreamRequest,
  type UpstreamResponse,
} from "./upstream.ts";
export { Vm, type VmOptions, type WasmSource } from "./vm.ts";
export { type ImportEntry, listImports } from "./wasm-binary.ts";
