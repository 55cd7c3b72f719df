/**
 * The host side of proxy-wasm contexts. A hostcall acts on the current (or
 * effective) context; what it can reach depends on the context's kind, as in
 * Envoy: a root context (root-context.ts) owns the configuration, callout
 * responses, gRPC receive buffers, the status of the last async event and the
 * tick timer, and every context reaches those through it; stream contexts
 * add the request/response maps and bodies (http-filter-context.ts) or
 * connection data (tcp-connection.ts).
 */
import { MapType, Status } from "../abi/enums.ts";
import type { PropertyNode } from "../abi/property-values.ts";
import type { BodyBuffer } from "../core/body-buffer.ts";
import type { HeaderMap } from "../core/header-map.ts";
import type { LocalReplySpec } from "../core/local-reply.ts";
import type { CallRoot } from "../hostcalls/ports.ts";
import type { ContextLabel, RuntimeContext, VmRuntime } from "../vm/runtime.ts";
import type { StreamEnvironment } from "./environment.ts";

export type ContextKind = "root" | "http" | "tcp";

/** What every context reaches through its plugin's root context. */
export interface RootScope extends CallRoot {
  /** The plugin's name; empty for the VM's own context. */
  readonly name: string;
  /** Buffers that belong to the root: configurations, callout and gRPC receive buffers. */
  sharedBuffer(type: number): BodyBuffer | null;
  /** Maps that belong to the root: callout response headers and trailers, gRPC metadata. */
  asyncHeaderMap(type: number): HeaderMap | null;
}

export abstract class HostContext implements RuntimeContext {
  abstract readonly kind: ContextKind;
  readonly id: number;
  /** `proxy_on_context_create` has run (or would have, had the VM not failed). */
  created = false;
  private attributes: PropertyNode | null = null;

  constructor(
    readonly vm: VmRuntime,
    readonly env: StreamEnvironment,
    /** Set for the VM's own context, which has id 0. */
    id?: number,
  ) {
    this.id = vm.register(this, id);
  }

  abstract root(): RootScope;

  /** Builds the context's attribute tree, once, on the first property read. */
  protected abstract buildProperties(): PropertyNode;

  /** The plugin's root context names the plugin. */
  label(): ContextLabel {
    return this.root();
  }

  properties(): PropertyNode {
    return (this.attributes ??= this.buildProperties());
  }

  mutableHeaderMap(_type: number): HeaderMap | null {
    return null;
  }

  readableHeaderMap(type: number): HeaderMap | null {
    return type >= MapType.GRPC_RECEIVE_INITIAL_METADATA ? this.root().asyncHeaderMap(type) : this.mutableHeaderMap(type);
  }

  inAccessLogPhase(): boolean {
    return false;
  }

  buffer(type: number): BodyBuffer | null {
    return this.root().sharedBuffer(type);
  }

  continueStream(type: number): Status {
    return type === 3 ? Status.UNIMPLEMENTED : Status.OK;
  }

  closeStream(_type: number): Status {
    return Status.OK;
  }

  sendLocalResponse(_reply: LocalReplySpec): void {}

  /** `proxy_set_property`: NOT_FOUND where there is no stream (as in Envoy). */
  setProperty(_path: string, _value: Uint8Array): Status {
    return Status.NOT_FOUND;
  }

  filterState(): Map<string, Uint8Array> | null {
    return null;
  }
}
