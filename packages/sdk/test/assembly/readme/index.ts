// assembly/index.ts
export * from "@envoyscript/sdk/assembly/proxy";
import {
  Counter, FilterHeadersStatus, FilterRequest, FilterRoot, HttpContext, JsonField, RootContext,
  registerRootContext, requestHeaders, sendTextResponse,
} from "@envoyscript/sdk/assembly";

/** What one configuration holds: read once, shared by every request under it. */
class DenyConfig {
  readonly denied: Counter = new Counter("deny_header_denied");
  constructor(readonly header: string) {}
}

class DenyRoot extends FilterRoot<DenyConfig> {
  readConfig(root: JsonField): DenyConfig {
    root.checkFields(["header"]);
    return new DenyConfig(root.field("header").asHeaderName("x-block"));
  }
  onConfigured(config: DenyConfig): void { config.denied.define(); }
  newRequest(id: u32, config: DenyConfig): HttpContext { return new DenyRequest(id, this, config); }
}

class DenyRequest extends FilterRequest<DenyConfig> {
  onRequestHeaders(count: u32, endOfStream: bool): FilterHeadersStatus {
    if (!requestHeaders.has(this.config.header)) return FilterHeadersStatus.Continue;
    this.config.denied.increment();
    sendTextResponse(403, "blocked\n");
    return FilterHeadersStatus.StopIteration;
  }
}

registerRootContext((id: u32, rootId: string): RootContext => new DenyRoot(id, rootId, "deny-header"), "deny-header");
