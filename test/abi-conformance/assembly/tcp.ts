// The conformance TCP context (root id "abi-conformance-tcp"): observes every
// network callback and reads/extends the data buffers.

import {
  BufferType,
  FilterStatus,
  PeerType,
  TcpContext,
  appendBuffer,
  getBufferBytes,
  source,
} from "@envoyscript/sdk/assembly";
import { observe, show } from "./observe";
import { ConformanceRoot } from "./root";

export class ConformanceConnection extends TcpContext {
  constructor(contextId: u32, root: ConformanceRoot) {
    super(contextId, root);
  }

  onNewConnection(): FilterStatus {
    observe("proxy_on_new_connection", "source.address " + (source.address() !== null ? "present" : "absent"));
    return FilterStatus.Continue;
  }

  onDownstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    if (dataSize == 0) return FilterStatus.Continue;
    const data = getBufferBytes(BufferType.DownstreamData);
    observe("proxy_on_downstream_data", show(data === null ? null : String.UTF8.decode(data)));
    return FilterStatus.Continue;
  }

  onUpstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    if (dataSize == 0) return FilterStatus.Continue;
    observe("proxy_on_upstream_data", "size=" + dataSize.toString());
    appendBuffer(BufferType.UpstreamData, String.UTF8.encode("[conformance]"));
    return FilterStatus.Continue;
  }

  onDownstreamConnectionClose(peer: PeerType): void {
    observe("proxy_on_downstream_connection_close", "called");
  }

  onUpstreamConnectionClose(peer: PeerType): void {
    observe("proxy_on_upstream_connection_close", "called");
  }
}
