// {{name}}: adds a configured header to every response and counts requests.
// Configuration: {"header": "<name>", "value": "<value>"}.

export * from "@envoyscript/sdk/assembly/proxy";
import {
  Counter,
  FilterHeadersStatus,
  FilterRequest,
  FilterRoot,
  HttpContext,
  JsonField,
  RootContext,
  registerRootContext,
  responseHeaders,
} from "@envoyscript/sdk/assembly";

const FILTER_NAME = "{{name}}";

/** One configuration: read once in onConfigure, then shared by every request under it. */
class PluginConfig {
  readonly requests: Counter = new Counter("{{metricName}}_requests_total");
  constructor(readonly header: string, readonly value: string) {}
}

class PluginRoot extends FilterRoot<PluginConfig> {
  // A problem reported here refuses the configuration with one line:
  // `{{name}}: <field>: <reason> [<CODE>]`.
  readConfig(root: JsonField): PluginConfig {
    root.checkFields(["header", "value"]);
    return new PluginConfig(root.field("header").asHeaderName("", false, true), root.field("value").asHeaderValue("", true));
  }

  // Defined now, the counter shows in Envoy's stats (at 0) before the first request.
  onConfigured(config: PluginConfig): void {
    config.requests.define();
  }

  newRequest(contextId: u32, config: PluginConfig): HttpContext {
    return new PluginRequest(contextId, this, config);
  }
}

class PluginRequest extends FilterRequest<PluginConfig> {
  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    responseHeaders.replace(this.config.header, this.config.value);
    this.config.requests.increment(1);
    return FilterHeadersStatus.Continue;
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new PluginRoot(contextId, rootId, FILTER_NAME), FILTER_NAME);
