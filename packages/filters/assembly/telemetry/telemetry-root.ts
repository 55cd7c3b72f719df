// The plugin: reads and compiles the configuration once per onConfigure and
// owns what lives as long as the VM (the metric series and the cardinality
// guards). A refused configuration logs one ERROR line and returns false.

import { RootContext } from "@envoyscript/sdk/assembly/contexts/root-context";
import { HttpContext } from "@envoyscript/sdk/assembly/contexts/http-context";
import { getPluginConfiguration } from "@envoyscript/sdk/assembly/configuration";
import { JsonConfig } from "@envoyscript/sdk/assembly/json/reader";
import { log } from "@envoyscript/sdk/assembly/logging";
import { TelemetryConfig, readTelemetryConfig } from "./config/telemetry-config";
import { RequestMetrics } from "./metrics/request-metrics";
import { NodeInfo } from "./node-info";
import { RequestAttributes } from "./request-attributes";
import { TelemetryRequest } from "./telemetry-request";

export const LOG_PREFIX = "telemetry: ";

export class TelemetryRoot extends RootContext {
  config: TelemetryConfig | null = null;
  metrics: RequestMetrics | null = null;
  node: NodeInfo = new NodeInfo();
  /** The attribute cache onLog fills, reset per request (./request-attributes). */
  attributes: RequestAttributes | null = null;

  onConfigure(pluginConfigurationSize: u32): bool {
    const document = JsonConfig.parse(getPluginConfiguration());
    const config = readTelemetryConfig(document);
    if (config === null) {
      log.error(LOG_PREFIX + document.error!.toString());
      return false;
    }
    this.config = config;
    this.metrics = new RequestMetrics(config.metrics);
    this.node = new NodeInfo();
    this.attributes = new RequestAttributes(this.node, config.claims);
    return true;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new TelemetryRequest(contextId, this);
  }
}
