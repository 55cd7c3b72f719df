// A typed filter that overrides one header callback: the module must export
// `proxy_on_request_headers` and no other per-stream callback.

export * from "@envoyscript/sdk/assembly/proxy";
import { FilterHeadersStatus, FilterRequest, FilterRoot, HttpContext, JsonField, RootContext, registerRootContext } from "@envoyscript/sdk/assembly";

class Root extends FilterRoot<string> {
  readConfig(root: JsonField): string {
    return "";
  }
  newRequest(contextId: u32, config: string): HttpContext {
    return new Request(contextId, this, config);
  }
}

class Request extends FilterRequest<string> {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    return FilterHeadersStatus.Continue;
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new Root(contextId, rootId, "headers-only"), "");
