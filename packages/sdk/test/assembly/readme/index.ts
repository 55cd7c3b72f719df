// assembly/index.ts
export * from "@envoyscript/sdk/assembly/proxy";
import {
  Counter, FilterHeadersStatus, HttpContext, JsonConfig, RootContext,
  getPluginConfiguration, log, registerRootContext, requestHeaders, sendTextResponse,
} from "@envoyscript/sdk/assembly";

const denied = new Counter("deny_header_denied");

class DenyRoot extends RootContext {
  header: string = "x-block";
  onConfigure(size: u32): bool {
    const config = JsonConfig.parse(getPluginConfiguration());
    this.header = config.root.optionalString("header", "x-block");
    if (config.failed) { log.error(config.error!.toString()); return false; }
    return true;
  }
  newHttpContext(id: u32): HttpContext | null { return new DenyRequest(id, this); }
}

class DenyRequest extends HttpContext {
  onRequestHeaders(count: u32, endOfStream: bool): FilterHeadersStatus {
    if (!requestHeaders.has((<DenyRoot>this.root).header)) return FilterHeadersStatus.Continue;
    denied.increment();
    sendTextResponse(403, "blocked\n");
    return FilterHeadersStatus.StopIteration;
  }
}

registerRootContext((id: u32, rootId: string): RootContext => new DenyRoot(id, rootId), "deny-header");
