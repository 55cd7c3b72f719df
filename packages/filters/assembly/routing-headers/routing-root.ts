// The plugin: reads and validates the configuration in onConfigure (refusing
// it with one log line naming the field and the reason), then creates one
// RoutingRequest per HTTP stream.

import { HttpContext, LogLevel, getPluginConfiguration, writeLog } from "@envoyscript/sdk/assembly";
import { RoutingConfig } from "./config";
import { readConfig } from "./config-reader";
import { RoutingRequest, RoutingSource } from "./routing-request";

/** The module's name and root id; prefixes every log line. */
export const FILTER_NAME = "routing-headers";

export class RoutingRoot extends RoutingSource {
  private config: RoutingConfig = new RoutingConfig();

  onConfigure(pluginConfigurationSize: u32): bool {
    const result = readConfig(getPluginConfiguration());
    if (result.config === null) {
      // Written unconditionally: a refused configuration must be visible whatever the log level.
      writeLog(LogLevel.Error, FILTER_NAME + ": " + result.error!.toString());
      return false;
    }
    this.config = result.config!;
    return true;
  }

  routing(): RoutingConfig {
    return this.config;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new RoutingRequest(contextId, this);
  }
}
