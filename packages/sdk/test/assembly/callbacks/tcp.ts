// A network filter: only the connection callbacks it overrides are exported.

export * from "@envoyscript/sdk/assembly/proxy";
import { FilterStatus, PeerType, RootContext, TcpContext, registerRootContext } from "@envoyscript/sdk/assembly";

class Connection extends TcpContext {
  onDownstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    return FilterStatus.Continue;
  }
  onUpstreamConnectionClose(peer: PeerType): void {}
}

class Root extends RootContext {
  newTcpContext(contextId: u32): TcpContext {
    return new Connection(contextId, this);
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new Root(contextId, rootId), "");
