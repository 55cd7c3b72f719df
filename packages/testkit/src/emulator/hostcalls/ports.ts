/**
 * What the ABI marshalling needs from the rest of the emulator, as narrow
 * interfaces: the module's memory, the VM making the call and the context
 * it acts on, and one port per host service. The hostcall files depend on
 * these and on the ABI's vocabulary only; the VM runtime, the contexts and
 * the services implement them; the composition root (host.ts) plugs one
 * into the other.
 */
import type { AbiVersion, LogLevelName, Status } from "../abi/enums.ts";
import type { PairList } from "../abi/pairs.ts";
import type { PropertyNode } from "../abi/property-values.ts";
import type { BodyBuffer } from "../core/body-buffer.ts";
import type { HeaderMap } from "../core/header-map.ts";
import type { LocalReplySpec } from "../core/local-reply.ts";

/** The module's linear memory, as hostcalls read and write it. Reads answer null when out of bounds; writes false. */
export interface ModuleMemory {
  inBounds(ptr: number, size: number): boolean;
  readString(ptr: number, size: number): string | null;
  copyBytes(ptr: number, size: number): Uint8Array | null;
  readPairs(ptr: number, size: number): PairList | null;
  getU32(ptr: number): number;
  setU32(ptr: number, value: number): boolean;
  setU64(ptr: number, value: bigint): boolean;
  setBytes(ptr: number, data: Uint8Array): boolean;
  /** Allocates in the module, copies `data` there and writes pointer and size through the out-pointers. */
  copyOut(data: Uint8Array | string, ptrPtr: number, sizePtr: number): Status;
  /** `copyOut` of serialised header pairs, without building them first. */
  copyPairsOut(keys: readonly string[], values: readonly string[], count: number, ptrPtr: number, sizePtr: number): Status;
}

export type LogSource = "module" | "stdout" | "stderr" | "host";

/** The VM a hostcall comes from. */
export interface CallingVm {
  readonly vmId: string;
  readonly abiVersion: AbiVersion;
  /** The VM trapped: it is dead for good. */
  readonly failed: boolean;
  /** Environment variables for WASI `environ_get` (Envoy's `environment_variables`). */
  readonly environment: ReadonlyArray<readonly [string, string]>;
  /** The context a hostcall acts on: the one the module made effective, else the one the host called into. */
  context(): CallContext;
  /** `proxy_set_effective_context`; false when no context has that id. */
  setEffectiveContext(id: number): boolean;
  /** `proxy_send_local_response` asked for a reply: the running callback's result becomes Stop. */
  stopIteration(): void;
  /** Records a line the module wrote (or the host reports about it), attributed to the current context. */
  log(level: LogLevelName, message: string, source: LogSource): void;
}

/** What `proxy_get_property` reads a context's properties from. */
export interface PropertyScope {
  /** The context's attribute tree. */
  properties(): PropertyNode;
  /** Values set with `proxy_set_property`, by path; null where there is no stream. */
  filterState(): Map<string, Uint8Array> | null;
}

/** A context as hostcalls see it: which maps and buffers it can reach, and what it can do to its stream. */
export interface CallContext extends PropertyScope {
  readonly id: number;
  /** The root context of the context's plugin (for the VM's own context, itself). */
  root(): CallRoot;
  /** The buffer of that type; null answers NOT_FOUND. */
  buffer(type: number): BodyBuffer | null;
  /** The map a hostcall may change; null answers BAD_ARGUMENT. */
  mutableHeaderMap(type: number): HeaderMap | null;
  /** The map a hostcall may read; null answers BAD_ARGUMENT (NOT_FOUND in the access-log phase). */
  readableHeaderMap(type: number): HeaderMap | null;
  /** True while `proxy_on_log` runs. */
  inAccessLogPhase(): boolean;
  continueStream(type: number): Status;
  closeStream(type: number): Status;
  sendLocalResponse(reply: LocalReplySpec): void;
  setProperty(path: string, value: Uint8Array): Status;
}

/** A root context: owns callouts, queues, the tick timer and the status of the last async event. */
export interface CallRoot extends CallContext, CalloutReceiver, GrpcReceiver, QueueOwner {
  readonly rootId: string;
  /** What `proxy_get_status` answers. */
  readonly status: { readonly code: number; readonly message: string };
  setTickPeriod(periodMs: number): void;
  /** `proxy_done`: true when the root had answered false to `proxy_on_done` and now finishes shutting down. */
  markDone(): boolean;
  /** `proxy_get_configuration` (ABI 0.1.0): the plugin configuration while configuring, else the VM's. */
  configuration(): BodyBuffer;
}

/** Where an HTTP callout's answer goes: `proxy_on_http_call_response` on the root context. */
export interface CalloutReceiver {
  /** The answer, or null for a connection failure (no headers, status BROKEN_CONNECTION). */
  deliverHttpCallResponse(token: number, response: { headers: HeaderMap; body: BodyBuffer; trailers: HeaderMap } | null): void;
  /** The host reports a problem with one of the receiver's calls. */
  hostLog(level: LogLevelName, message: string): void;
}

/** Where a gRPC call's or stream's events go: the `proxy_on_grpc_*` callbacks of the root context. */
export interface GrpcReceiver {
  deliverGrpcInitialMetadata(token: number, metadata: HeaderMap): void;
  deliverGrpcMessage(token: number, message: Uint8Array): void;
  deliverGrpcTrailingMetadata(token: number, metadata: HeaderMap): void;
  deliverGrpcClose(token: number, status: number, message: string): void;
}

/** The root context that registered a shared queue. */
export interface QueueOwner {
  /** An item arrived: `proxy_on_queue_ready`, posted, never inside the enqueueing hostcall. */
  queueReady(token: number): void;
}

export interface ClockPort {
  nowNanoseconds(): bigint;
  monotonicNanoseconds(): bigint;
}

/** A stat behind a metric id. */
export interface MetricCell {
  readonly type: "counter" | "gauge" | "histogram";
  value: number;
  readonly values: number[];
}

export interface MetricsPort {
  /** Finds or creates the stat of that type and name (`proxy_define_metric`). */
  define(type: number, name: string): MetricCell;
}

export interface SharedDataPort {
  get(vmId: string, key: string): { readonly value: Uint8Array; readonly cas: number } | undefined;
  set(vmId: string, key: string, value: Uint8Array, cas: number): Status;
}

export interface QueuesPort {
  register(vmId: string, name: string, owner: QueueOwner): number;
  resolve(vmId: string, name: string): number | undefined;
  enqueue(token: number, item: Uint8Array): Status;
  dequeue(token: number): Uint8Array | Status;
}

/** One VM's HTTP callouts (tokens are per VM). */
export interface CalloutsPort {
  start(receiver: CalloutReceiver, cluster: string, headers: PairList, body: Uint8Array, trailers: PairList, timeoutMs: number): { status: Status; token: number };
}

/** One VM's gRPC calls and streams (tokens are per VM: calls odd, streams even). */
export interface GrpcPort {
  call(receiver: GrpcReceiver, service: Uint8Array, serviceName: string, method: string, metadata: PairList, message: Uint8Array, timeoutMs: number): { status: Status; token: number };
  stream(receiver: GrpcReceiver, service: Uint8Array, serviceName: string, method: string, metadata: PairList): { status: Status; token: number };
  send(token: number, message: Uint8Array, endOfStream: boolean): Status;
  cancel(token: number): Status;
  close(token: number): Status;
}

export interface PropertiesPort {
  /** The serialised value at a `\0`-joined path, or the status Envoy answers. */
  resolve(scope: PropertyScope, path: string): Uint8Array | Status;
}

/** A function a module can call with `proxy_call_foreign_function`. */
export type ForeignFunction = (
  args: Uint8Array,
  caller: { vmId: string; rootId: string; contextId: number },
) => Uint8Array | string | void | { status?: number; result?: Uint8Array | string };

export interface ForeignFunctionsPort {
  get(name: string): ForeignFunction | undefined;
}

/** Everything the hostcalls of one VM are built from. */
export interface HostcallPorts {
  readonly memory: ModuleMemory;
  readonly vm: CallingVm;
  readonly clock: ClockPort;
  /** What `proxy_get_log_level` answers. */
  readonly logLevel: () => LogLevelName;
  readonly metrics: MetricsPort;
  readonly sharedData: SharedDataPort;
  readonly queues: QueuesPort;
  readonly callouts: CalloutsPort;
  readonly grpc: GrpcPort;
  readonly properties: PropertiesPort;
  readonly foreignFunctions: ForeignFunctionsPort;
}
