// The `proxy_on_*` callbacks of network (TCP) filters. A context id the SDK
// does not know lets the connection continue.

import { FilterStatus, PeerType } from "../enums";
import { enterCallback, leaveCallback, leaveCallbackWith } from "./callback-scope";
import { findTcpContext } from "./registry";

/** Host callback: a connection was accepted. */
export function proxy_on_new_connection(contextId: u32): FilterStatus {
  enterCallback(contextId);
  const context = findTcpContext(contextId);
  return leaveCallbackWith(context === null ? FilterStatus.Continue : context.onNewConnection());
}

/** Host callback: bytes from the client. */
export function proxy_on_downstream_data(contextId: u32, dataSize: u32, endOfStream: bool): FilterStatus {
  enterCallback(contextId);
  const context = findTcpContext(contextId);
  return leaveCallbackWith(context === null ? FilterStatus.Continue : context.onDownstreamData(dataSize, endOfStream));
}

/** Host callback: bytes from the upstream. */
export function proxy_on_upstream_data(contextId: u32, dataSize: u32, endOfStream: bool): FilterStatus {
  enterCallback(contextId);
  const context = findTcpContext(contextId);
  return leaveCallbackWith(context === null ? FilterStatus.Continue : context.onUpstreamData(dataSize, endOfStream));
}

/** Host callback: the client side closed. */
export function proxy_on_downstream_connection_close(contextId: u32, peer: PeerType): void {
  enterCallback(contextId);
  const context = findTcpContext(contextId);
  if (context !== null) context.onDownstreamConnectionClose(peer);
  leaveCallback();
}

/** Host callback: the upstream side closed. */
export function proxy_on_upstream_connection_close(contextId: u32, peer: PeerType): void {
  enterCallback(contextId);
  const context = findTcpContext(contextId);
  if (context !== null) context.onUpstreamConnectionClose(peer);
  leaveCallback();
}
