// {{name}}: adds a configured header to every response and counts requests.
// Configuration: {"header": "<name>", "value": "<value>"}.

export * from "@envoyscript/sdk/assembly/proxy";
import {
  Counter,
  FilterHeadersStatus,
  HttpContext,
  JsonConfig,
  RootContext,
  getPluginConfiguration,
  log,
  registerRootContext,
  responseHeaders,
} from "@envoyscript/sdk/assembly";

class PluginRoot extends RootContext {
  header: string = "";
  value: string = "";
  requests: Counter | null = null;

  onConfigure(pluginConfigurationSize: u32): bool {
    const config = JsonConfig.parse(getPluginConfiguration());
    const header = config.root.requiredString("header");
    const value = config.root.requiredString("value");
    if (config.failed) {
      log.error("{{name}}: " + config.error!.toString());
      return false;
    }
    this.header = header.toLowerCase();
    this.value = value;
    this.requests = new Counter("{{metricName}}_requests_total");
    return true;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new PluginRequest(contextId, this);
  }
}

class PluginRequest extends HttpContext {
  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const root = <PluginRoot>this.root;
    responseHeaders.replace(root.header, root.value);
    root.requests!.increment(1);
    return FilterHeadersStatus.Continue;
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new PluginRoot(contextId, rootId), "{{name}}");
