/**
 * A TCP connection through a network filter, with Envoy's semantics: a
 * filter that returns StopIteration keeps the data it was given, and the
 * next read offers it the accumulated buffer; `proxy_continue_stream
 * (DOWNSTREAM)` releases it to the upstream. When the downstream closes (or
 * the upstream closes after it), the context gets `proxy_on_done`,
 * `proxy_on_log`, `proxy_on_delete`, in that order (Envoy's `onCloseTCP`).
 */
import { BufferType, NetworkStatus, PeerType, Status, StreamType } from "../abi/enums.ts";
import { property, type PropertyNode } from "../abi/property-values.ts";
import { BodyBuffer } from "../core/body-buffer.ts";
import type { WasmFunction } from "../vm/runtime.ts";
import { HostContext } from "./contexts.ts";
import type { RootContext } from "./root-context.ts";

export interface TcpConnectionOptions {
  /** Property overrides for this connection (e.g. `{ source: { address: "10.0.0.1:1234" } }`). */
  properties?: Record<string, PropertyNode>;
}

type PeerName = "local" | "remote" | "unknown";
const PEERS: Record<PeerName, number> = { unknown: PeerType.UNKNOWN, local: PeerType.LOCAL, remote: PeerType.REMOTE };

export class TcpContext extends HostContext {
  readonly kind = "tcp" as const;
  downstreamData: BodyBuffer | null = null;
  upstreamData: BodyBuffer | null = null;
  private readonly state = new Map<string, Uint8Array>();

  constructor(
    private readonly rootContext: RootContext,
    readonly connection: TcpConnection,
  ) {
    super(rootContext.vm, rootContext.env);
  }

  root(): RootContext {
    return this.rootContext;
  }

  protected buildProperties(): PropertyNode {
    const { properties } = this.env;
    const own = { upstream: property.attributes({ address: "127.0.0.1:8080", port: 8080 }), xds: property.attributes(properties.xdsCommon()) };
    const plugin = { name: this.rootContext.name, rootId: this.rootContext.rootId };
    return properties.forStream({ kind: "tcp", vmId: this.vm.vmId, plugin }, this, own, this.connection.options.properties);
  }

  override buffer(type: number): BodyBuffer | null {
    if (type === BufferType.DOWNSTREAM_DATA) return this.downstreamData;
    if (type === BufferType.UPSTREAM_DATA) return this.upstreamData;
    return super.buffer(type);
  }

  override continueStream(type: number): Status {
    if (type === StreamType.UPSTREAM) return Status.UNIMPLEMENTED;
    if (type === StreamType.DOWNSTREAM) this.env.dispatcher.afterCall(() => this.connection.continueReading());
    return Status.OK;
  }

  override closeStream(type: number): Status {
    if (type === StreamType.DOWNSTREAM || type === StreamType.UPSTREAM) this.env.dispatcher.afterCall(() => this.connection.closeByFilter(type === StreamType.DOWNSTREAM ? "downstream" : "upstream"));
    return Status.OK;
  }

  override setProperty(path: string, value: Uint8Array): Status {
    this.state.set(path, value);
    return Status.OK;
  }

  override filterState(): Map<string, Uint8Array> {
    return this.state;
  }
}

export class TcpConnection {
  private readonly context: TcpContext;
  /** Bytes the filter let through to the upstream. */
  readonly toUpstream = new BodyBuffer();
  /** Bytes the filter let through to the client. */
  readonly toDownstream = new BodyBuffer();
  /** Whether the filter accepted the connection (`proxy_on_new_connection` returned Continue). */
  readonly accepted: boolean;
  /** Set when the filter (or its failure policy) closed the connection: "downstream" or "upstream". */
  closedBy: "downstream" | "upstream" | "wasm_fail" | null = null;
  private readonly heldDownstream = new BodyBuffer();
  private readonly heldUpstream = new BodyBuffer();
  private downstreamClosed = false;
  private ended = false;

  constructor(
    private readonly root: RootContext,
    readonly options: TcpConnectionOptions,
  ) {
    this.context = new TcpContext(root, this);
    let status: number = NetworkStatus.CONTINUE;
    root.env.dispatcher.run(() => {
      const { proxy_on_context_create, proxy_on_new_connection } = root.vm.callbacks;
      if (!root.vm.failed && proxy_on_context_create) root.vm.invoke(this.context, proxy_on_context_create, this.context.id, root.id);
      this.context.created = true;
      status = this.callNetwork(proxy_on_new_connection, 0, 0);
    });
    this.accepted = status === NetworkStatus.CONTINUE;
  }

  /** The id of the connection's context (what the module's TCP callbacks receive). */
  get contextId(): number {
    return this.context.id;
  }

  get closed(): boolean {
    return this.ended || this.closedBy !== null;
  }

  /** Client bytes arrive (Envoy `onData`). Returns the filter's status. */
  sendFromDownstream(data: Uint8Array | string, endOfStream = false): number {
    let status: number = NetworkStatus.CONTINUE;
    this.root.env.dispatcher.run(() => {
      this.heldDownstream.append(data);
      this.context.downstreamData = this.heldDownstream;
      status = this.callNetwork(this.context.vm.callbacks.proxy_on_downstream_data, this.heldDownstream.length, endOfStream ? 1 : 0);
      if (status === NetworkStatus.CONTINUE) {
        this.context.downstreamData = null;
        this.toUpstream.append(this.heldDownstream.takeChunk());
      }
    });
    return status;
  }

  /** Upstream bytes arrive (Envoy `onWrite`); end of stream also reports the upstream closed, as Envoy does. */
  sendFromUpstream(data: Uint8Array | string, endOfStream = false): number {
    let status: number = NetworkStatus.CONTINUE;
    this.root.env.dispatcher.run(() => {
      this.heldUpstream.append(data);
      this.context.upstreamData = this.heldUpstream;
      status = this.callNetwork(this.context.vm.callbacks.proxy_on_upstream_data, this.heldUpstream.length, endOfStream ? 1 : 0);
      if (status === NetworkStatus.CONTINUE) {
        this.context.upstreamData = null;
        this.toDownstream.append(this.heldUpstream.takeChunk());
      }
      if (endOfStream) this.upstreamClosed("unknown");
    });
    return status;
  }

  /** The client closes the connection. */
  closeDownstream(peer: PeerName = "remote"): void {
    this.root.env.dispatcher.run(() => this.downstreamClosedEvent(peer));
  }

  /** The upstream closes the connection. */
  closeUpstream(peer: PeerName = "remote"): void {
    this.root.env.dispatcher.run(() => this.upstreamClosed(peer));
  }

  /** @internal `proxy_continue_stream(DOWNSTREAM)`: held client bytes go to the upstream. */
  continueReading(): void {
    if (this.ended) return;
    this.context.downstreamData = null;
    this.toUpstream.append(this.heldDownstream.takeChunk());
  }

  /** @internal `proxy_close_stream`: Envoy closes the connection, which reports a local close. */
  closeByFilter(side: "downstream" | "upstream"): void {
    if (this.ended) return;
    this.closedBy = side;
    this.downstreamClosedEvent("local");
  }

  private downstreamClosedEvent(peer: PeerName): void {
    if (this.downstreamClosed) return;
    this.downstreamClosed = true;
    const callback = this.context.vm.callbacks.proxy_on_downstream_connection_close;
    if (!this.context.vm.failed && callback) this.context.vm.invoke(this.context, callback, this.context.id, PEERS[peer]);
    this.end();
  }

  private upstreamClosed(peer: PeerName): void {
    const callback = this.context.vm.callbacks.proxy_on_upstream_connection_close;
    if (!this.context.vm.failed && callback) this.context.vm.invoke(this.context, callback, this.context.id, PEERS[peer]);
    if (this.downstreamClosed) this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    const vm = this.context.vm;
    const { proxy_on_done, proxy_on_log, proxy_on_delete } = vm.callbacks;
    for (const callback of [proxy_on_done, proxy_on_log, proxy_on_delete]) {
      if (!vm.failed && callback) vm.invoke(this.context, callback, this.context.id);
    }
    vm.release(this.context.id);
  }

  /** A network callback with Envoy's failure checks (CHECK_FAIL_NET): fail closed closes the connection. */
  private callNetwork(fn: WasmFunction | undefined, a: number, b: number): number {
    const vm = this.context.vm;
    let result = 0;
    if (!vm.failed && fn) result = vm.invoke(this.context, fn, this.context.id, a, b) ?? 0;
    if (!vm.failed) return result === 0 ? NetworkStatus.CONTINUE : NetworkStatus.STOP_ITERATION;
    if (this.root.plugin!.failurePolicy === "open") return NetworkStatus.CONTINUE;
    if (this.closedBy === null) {
      this.closedBy = "wasm_fail";
      this.ended = true;
    }
    return NetworkStatus.STOP_ITERATION;
  }
}
