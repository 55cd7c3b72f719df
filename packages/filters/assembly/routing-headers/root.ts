// The plugin: the SDK reads the configuration in onConfigure (refusing it
// with one line naming the field and the reason); each HTTP stream gets the
// configuration in effect as a RoutingRequest.

import { FilterRoot, HttpContext, JsonField } from "@envoyscript/sdk/assembly";
import { RoutingConfig } from "./config/config";
import { readRoutingConfig } from "./config/read-config";
import { RoutingRequest } from "./request";

/** The module's name and root id; prefixes every log line. */
export const FILTER_NAME = "routing-headers";

export class RoutingRoot extends FilterRoot<RoutingConfig> {
  readConfig(root: JsonField): RoutingConfig {
    return readRoutingConfig(root);
  }

  onConfigured(config: RoutingConfig): void {
    config.defineMetrics();
  }

  newRequest(contextId: u32, config: RoutingConfig): HttpContext {
    return new RoutingRequest(contextId, this, config);
  }
}
