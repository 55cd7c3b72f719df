// The per-connection context of a network (TCP) filter.

import { Context } from "./context";
import { RootContext } from "./root-context";
import { FilterStatus, PeerType } from "../enums";

/** One TCP connection going through the filter. */
export class TcpContext extends Context {
  /** The plugin (root context) this connection belongs to. A configured filter extends FilterConnection and reads `this.config` instead. */
  constructor(contextId: u32, public readonly root: RootContext) {
    super(contextId);
  }

  /** A connection was accepted (`proxy_on_new_connection`). */
  onNewConnection(): FilterStatus {
    return FilterStatus.Continue;
  }

  /** Bytes arrived from the client (`proxy_on_downstream_data`); read them with the DownstreamData buffer. */
  onDownstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    return FilterStatus.Continue;
  }

  /** Bytes arrived from the upstream (`proxy_on_upstream_data`); read them with the UpstreamData buffer. */
  onUpstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    return FilterStatus.Continue;
  }

  /** The client side closed (`proxy_on_downstream_connection_close`). */
  onDownstreamConnectionClose(peer: PeerType): void {}

  /** The upstream side closed (`proxy_on_upstream_connection_close`). */
  onUpstreamConnectionClose(peer: PeerType): void {}
}
