/**
 * The public face of the in-process proxy-wasm host emulator: loads any
 * proxy-wasm module (ABI 0.2.1, 0.2.0, 0.1.0) on Node's WebAssembly and
 * drives it with Envoy's semantics. Every name is listed: the layers under
 * it (EMULATOR.md) are internal. Handles (`Vm`, `Plugin`, `FilterChain`,
 * `TcpConnection`) are exported as types: they come from a `Host`.
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
} from "./abi/enums.ts";
export { unmarshalBytePairs } from "./abi/pairs.ts";
export { property, type PropertyNode, type TypedProperty } from "./abi/property-values.ts";
export type { ClockOptions, TimerHandle, VirtualClock } from "./core/clock.ts";
export type { Dispatcher } from "./core/dispatcher.ts";
export {
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
} from "./core/errors.ts";
export { ConfigurationRefusedError } from "../errors/configuration-refused.ts";
export type { HeaderInput } from "./core/header-map.ts";
export type { ExchangeResult, HttpRequestInput, StreamOptions } from "./core/stream-types.ts";
export { echoUpstream, type BodyInput, type RouteTable, type UpstreamHandler, type UpstreamRequest, type UpstreamResponse } from "./core/upstream.ts";
export { Host, type HostOptions, type LoadPluginOptions } from "./host.ts";
export type { ForeignFunction } from "./hostcalls/ports.ts";
export type { GrpcCallInfo, GrpcHandler, GrpcReply, GrpcStreamPeer, GrpcTarget, GrpcUnaryCall } from "./services/grpc-callouts.ts";
export type { CalloutHandler, CalloutRequest, CalloutResponse, CalloutTarget } from "./services/http-callouts.ts";
export type { LogEntry, LogSink } from "./services/log-sink.ts";
export type { Metric, MetricStore, MetricTypeName } from "./services/metric-store.ts";
export type { NodeInfo } from "./services/properties.ts";
export type { SharedDataStore } from "./services/shared-data-store.ts";
export type { SharedQueueStore } from "./services/shared-queue-store.ts";
export type { ExchangeOptions } from "./streams/exchange.ts";
export type { FilterChain } from "./streams/filter-chain.ts";
export type { RequestInFlight } from "./streams/http-stream.ts";
export type { Plugin, PluginOptions, Vm } from "./streams/plugin.ts";
export type { FailureOptions, FailurePolicy } from "../plugin-config/failure-policy.ts";
export type { TcpConnection, TcpConnectionOptions } from "./streams/tcp-connection.ts";
export type { VmFailure, VmOptions, WasmSource } from "./vm/runtime.ts";
