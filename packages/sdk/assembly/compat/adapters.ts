// The bridge between the SDK's dispatcher and the 0.1.15 classes: the SDK
// creates and calls these adapters (they are SDK contexts), and each one
// forwards to the old-style object it wraps. One dispatcher serves both
// APIs; nothing here handles `proxy_on_*` exports itself.
//
// 0.1.15 has one Context class for HTTP streams and TCP connections, while
// the SDK keeps them apart. A stream context is therefore registered twice,
// as an HTTP adapter and as a TCP adapter around the same object: the host
// only ever sends one kind of callback for a context id, and both entries go
// away together on `proxy_on_delete`.

import { RootContext as SdkRootContext } from "../contexts/root-context";
import { HttpContext } from "../contexts/http-context";
import { TcpContext } from "../contexts/tcp-context";
import { addTcpContext } from "../dispatch/registry";
import { FilterDataStatus, FilterHeadersStatus, FilterStatus, FilterTrailersStatus, PeerType } from "../enums";
import { Context } from "./context";
import { PeerTypeValues } from "./enums";
import { RootContext } from "./root-context";

/** An SDK root context driving a 0.1.15 RootContext. */
export class RootContextAdapter extends SdkRootContext {
  constructor(contextId: u32, rootId: string, public readonly compat: RootContext) {
    super(contextId, rootId);
  }

  onVmStart(vmConfigurationSize: u32): bool {
    return this.compat.onStart(<usize>vmConfigurationSize);
  }

  onConfigure(pluginConfigurationSize: u32): bool {
    return this.compat.onConfigure(pluginConfigurationSize);
  }

  onTick(): void {
    this.compat.onTick();
  }

  onQueueReady(queueId: u32): void {
    this.compat.onQueueReady(queueId);
  }

  onDone(): bool {
    return this.compat.onDone();
  }

  onDelete(): void {
    this.compat.onDelete();
  }

  newHttpContext(contextId: u32): HttpContext | null {
    const context = this.compat.createContext(contextId);
    addTcpContext(new TcpContextAdapter(contextId, this, context));
    return new HttpContextAdapter(contextId, this, context);
  }
}

/** An SDK HTTP context driving a 0.1.15 Context; also answers the lifecycle callbacks of TCP contexts. */
export class HttpContextAdapter extends HttpContext {
  constructor(contextId: u32, root: RootContextAdapter, public readonly compat: Context) {
    super(contextId, root);
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    return <FilterHeadersStatus>this.compat.onRequestHeaders(headerCount, endOfStream);
  }

  onRequestBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    return <FilterDataStatus>this.compat.onRequestBody(<usize>bodySize, endOfStream);
  }

  onRequestTrailers(trailerCount: u32): FilterTrailersStatus {
    return <FilterTrailersStatus>this.compat.onRequestTrailers(trailerCount);
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    return <FilterHeadersStatus>this.compat.onResponseHeaders(headerCount, endOfStream);
  }

  onResponseBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    return <FilterDataStatus>this.compat.onResponseBody(<usize>bodySize, endOfStream);
  }

  onResponseTrailers(trailerCount: u32): FilterTrailersStatus {
    return <FilterTrailersStatus>this.compat.onResponseTrailers(trailerCount);
  }

  onDone(): bool {
    return this.compat.onDone();
  }

  onLog(): void {
    this.compat.onLog();
  }

  onDelete(): void {
    this.compat.onDelete();
    (<RootContextAdapter>this.root).compat.forgetCalloutsOf(this.contextId);
  }
}

/** An SDK TCP context driving the TCP callbacks of a 0.1.15 Context. */
export class TcpContextAdapter extends TcpContext {
  constructor(contextId: u32, root: RootContextAdapter, public readonly compat: Context) {
    super(contextId, root);
  }

  onNewConnection(): FilterStatus {
    return <FilterStatus>this.compat.onNewConnection();
  }

  onDownstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    return <FilterStatus>this.compat.onDownstreamData(<usize>dataSize, endOfStream);
  }

  onUpstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    return <FilterStatus>this.compat.onUpstreamData(<usize>dataSize, endOfStream);
  }

  onDownstreamConnectionClose(peer: PeerType): void {
    this.compat.onDownstreamConnectionClose(<PeerTypeValues>peer);
  }

  onUpstreamConnectionClose(peer: PeerType): void {
    this.compat.onUpstreamConnectionClose(<PeerTypeValues>peer);
  }
}
