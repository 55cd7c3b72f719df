/**
 * The host side of proxy-wasm contexts. A hostcall acts on the current (or
 * effective) context; what it can reach depends on the context's kind, as in
 * Envoy: a root context owns callout responses, gRPC receive buffers, the
 * status of the last async event and the tick timer; stream contexts add the
 * request/response maps and bodies (http-filter-context.ts) or connection
 * data (tcp-stream.ts).
 */
import { BufferType, MapType, Status } from "./abi.ts";
import type { BodyBuffer } from "./body-buffer.ts";
import type { TimerHandle } from "./clock.ts";
import type { HeaderMap } from "./header-map.ts";
import type { Plugin } from "./plugin.ts";
import type { PropertyNode } from "./property-values.ts";
import type { Vm } from "./vm.ts";

export type ContextKind = "root" | "http" | "tcp";

/** A callout response while `proxy_on_http_call_response` runs. */
export interface CalloutResponseView {
  headers: HeaderMap;
  body: BodyBuffer;
  trailers: HeaderMap;
}

export abstract class HostContext {
  abstract readonly kind: ContextKind;
  readonly id: number;
  /** `proxy_on_context_create` has run (or would have, had the VM not failed). */
  created = false;

  constructor(
    readonly vm: Vm,
    /** The plugin the context belongs to; null for the VM context that runs `_initialize`. */
    readonly plugin: Plugin | null,
    id?: number,
  ) {
    this.id = id ?? vm.allocContextId();
    vm.contexts.set(this.id, this);
  }

  abstract root(): RootContext;

  /** The map a hostcall may change; null answers BAD_ARGUMENT. */
  mutableHeaderMap(_type: number): HeaderMap | null {
    return null;
  }

  /** The map a hostcall may read; null answers BAD_ARGUMENT (NOT_FOUND in the access-log phase). */
  readableHeaderMap(type: number): HeaderMap | null {
    const root = this.root();
    switch (type) {
      case MapType.HTTP_CALL_RESPONSE_HEADERS:
        return root.calloutResponse?.headers ?? null;
      case MapType.HTTP_CALL_RESPONSE_TRAILERS:
        return root.calloutResponse?.trailers ?? null;
      case MapType.GRPC_RECEIVE_INITIAL_METADATA:
        return root.grpcInitialMetadata;
      case MapType.GRPC_RECEIVE_TRAILING_METADATA:
        return root.grpcTrailingMetadata;
      default:
        return this.mutableHeaderMap(type);
    }
  }

  /** True while `proxy_on_log` runs (missing maps then read as NOT_FOUND). */
  inAccessLogPhase(): boolean {
    return false;
  }

  buffer(type: number): BodyBuffer | null {
    const root = this.root();
    switch (type) {
      case BufferType.VM_CONFIGURATION:
        return this.vm.vmConfiguration;
      case BufferType.PLUGIN_CONFIGURATION:
        return root.configuring && root.plugin ? root.plugin.configurationBuffer : null;
      case BufferType.HTTP_CALL_RESPONSE_BODY:
        return root.calloutResponse?.body ?? null;
      case BufferType.GRPC_RECEIVE_BUFFER:
        return root.grpcReceiveBuffer;
      case BufferType.CALL_DATA:
        return root.callData;
      default:
        return null;
    }
  }

  continueStream(type: number): Status {
    return type === 3 ? Status.UNIMPLEMENTED : Status.OK;
  }

  closeStream(_type: number): Status {
    return Status.OK;
  }

  sendLocalResponse(_reply: LocalResponse): void {}

  /** The property tree this context answers `proxy_get_property` from. */
  abstract properties(): PropertyNode;

  /** `proxy_set_property`: NOT_FOUND where there is no stream (as in Envoy). */
  setProperty(_path: string, _value: Uint8Array): Status {
    return Status.NOT_FOUND;
  }

  /** Values set with `proxy_set_property`, by path (Envoy keeps them as filter state `wasm.<path>`). */
  filterState(): Map<string, Uint8Array> | null {
    return null;
  }
}

/** What `proxy_send_local_response` asked for. */
export interface LocalResponse {
  status: number;
  body: Uint8Array;
  headers: Array<[string, string]>;
  /** -1 (or anything outside 0..16) means "no gRPC status". */
  grpcStatus: number;
  details: string;
}

export class RootContext extends HostContext {
  readonly kind = "root" as const;
  /** Set while `proxy_on_configure` runs: the plugin configuration is readable then. */
  configuring = false;
  calloutResponse: CalloutResponseView | null = null;
  grpcInitialMetadata: HeaderMap | null = null;
  grpcTrailingMetadata: HeaderMap | null = null;
  grpcReceiveBuffer: BodyBuffer | null = null;
  callData: BodyBuffer | null = null;
  /** What `proxy_get_status` answers: the outcome of the last async event. */
  status = { code: 0, message: "" };
  private tickTimer: TimerHandle | null = null;

  root(): RootContext {
    return this;
  }

  properties(): PropertyNode {
    return this.vm.host.properties.forRoot(this);
  }

  /** `proxy_set_tick_period_milliseconds`: 0 stops the ticks. */
  setTickPeriod(periodMs: number): void {
    this.tickTimer?.cancel();
    this.tickTimer = null;
    if (periodMs > 0) this.tickTimer = this.vm.host.clock.schedule(periodMs, () => this.onTick(), periodMs);
  }

  onTick(): void {
    const callback = this.vm.callbacks.proxy_on_tick;
    if (!this.vm.failed && callback) this.vm.invoke(this, callback, this.id);
  }

  onQueueReady(token: number): void {
    const callback = this.vm.callbacks.proxy_on_queue_ready;
    if (!this.vm.failed && callback) this.vm.invoke(this, callback, this.id, token);
  }

  stopTicks(): void {
    this.tickTimer?.cancel();
    this.tickTimer = null;
  }
}
